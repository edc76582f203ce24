import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import CopyToClipboard from '@cloudscape-design/components/copy-to-clipboard';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Flashbar, { type FlashbarProps } from '@cloudscape-design/components/flashbar';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import Multiselect from '@cloudscape-design/components/multiselect';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useState } from 'react';
import type { TargetAccount, TargetAccountInput, TargetAccountValidation } from '../api/types';
import { useApp } from '../app-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { DataTable } from '../components/DataTable';
import { DateTime } from '../components/DateTime';
import { Status } from '../components/Status';
import { formatDateTime, timeValue } from '../lib/format';
import { statusLabel } from '../lib/status';
import { useResource } from '../lib/hooks';
import { DRS_REGIONS } from '../lib/regions';

type Dialog = { kind: 'add' } | { kind: 'edit'; account: TargetAccount } | { kind: 'remove'; account: TargetAccount } | null;

/** Characters of a generated external ID; 32 hex digits carry 128 random bits. */
export const EXTERNAL_ID_MIN_LENGTH = 16;

/** A random external ID for a new target account's trust policy (crypto.getRandomValues, 128 bits). */
export function randomExternalId(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  return [...random(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Why an account's Remove is disabled when it is the hub, the account the orchestrator runs in. */
export const HUB_NOT_REMOVABLE = 'This is the hub account, where the orchestrator runs; it cannot be removed.';

export function TargetAccountsPage() {
  const { client, permission } = useApp();
  const accounts = useResource((signal) => client.listTargetAccounts(signal), []);
  // Which account is the hub: its Remove is disabled. Until this answers, Remove waits.
  const current = useResource((signal) => client.getCurrentAccount(signal), [], { poll: { initialDelayMs: 60_000, maxDelayMs: 600_000 } });
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [flashes, setFlashes] = useState<FlashbarProps.MessageDefinition[]>([]);
  const [validation, setValidation] = useState<TargetAccountValidation | null>(null);
  const [validating, setValidating] = useState(false);
  const [actionError, setActionError] = useState<{ error: unknown; action: 'validateTargetAccount' } | null>(null);
  const items = accounts.data?.items ?? [];
  const selected = items.find((a) => a.accountId === selectedId);
  const mayAdd = permission('addTargetAccount');
  const mayEdit = permission('editTargetAccount');
  const mayRemove = permission('removeTargetAccount');
  const mayValidate = permission('validateTargetAccount');
  const SELECT_ONE = 'Select an account.';
  const validateReason = !mayValidate.allowed ? mayValidate.reason : !selected ? SELECT_ONE : undefined;
  const editReason = !mayEdit.allowed ? mayEdit.reason : !selected ? SELECT_ONE : undefined;
  const removeReason = !mayRemove.allowed
    ? mayRemove.reason
    : !selected
      ? SELECT_ONE
      : !current.data
        ? current.error
          ? 'Cannot tell whether it is the hub account: GET /accounts/current failed.'
          : 'Checking which account is the hub…'
        : selected.accountId === current.data.accountId
          ? HUB_NOT_REMOVABLE
          : undefined;

  const flash = (message: FlashbarProps.MessageDefinition) =>
    setFlashes([{ ...message, dismissible: true, onDismiss: () => setFlashes([]) }]);

  const validate = async (account: TargetAccount) => {
    setValidating(true);
    setValidation(null);
    setActionError(null);
    try {
      setValidation(await client.validateTargetAccount(account.accountId));
      accounts.reload();
    } catch (error) {
      setActionError({ error, action: 'validateTargetAccount' });
    } finally {
      setValidating(false);
    }
  };

  return (
    <ContentLayout header={<Header variant="h1" description="The AWS accounts the orchestrator recovers servers in, the role it assumes there and the regions it uses.">Target accounts</Header>}>
      <SpaceBetween size="l">
        <Flashbar items={flashes} />
        <ErrorAlert error={accounts.error} onRetry={accounts.reload} retriesItself />
        {actionError && <ErrorAlert error={actionError.error} action={actionError.action} onDismiss={() => setActionError(null)} />}
        <DataTable<TargetAccount>
          id="target-accounts"
          title="Accounts"
          noun={{ one: 'account', many: 'target accounts' }}
          items={accounts.data?.items}
          loading={accounts.loading}
          error={accounts.error}
          trackBy="accountId"
          defaultSort={{ column: 'accountId' }}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="refresh" ariaLabel="Refresh target accounts" onClick={accounts.reload} />
              <Button disabled={!!validateReason} disabledReason={validateReason} loading={validating} onClick={() => selected && void validate(selected)}>
                Validate
              </Button>
              <Button disabled={!!editReason} disabledReason={editReason} onClick={() => selected && setDialog({ kind: 'edit', account: selected })}>
                Edit
              </Button>
              <Button disabled={!!removeReason} disabledReason={removeReason} onClick={() => selected && setDialog({ kind: 'remove', account: selected })}>
                Remove
              </Button>
              <Button variant="primary" disabled={!mayAdd.allowed} disabledReason={mayAdd.reason} onClick={() => setDialog({ kind: 'add' })}>
                Add target account
              </Button>
            </SpaceBetween>
          }
          selection={{
            selected,
            onChange: (a) => {
              setSelectedId(a?.accountId);
              setValidation(null);
            },
            label: (a) => `Select account ${a.accountId}`,
          }}
          columns={[
            { id: 'accountId', header: 'Account ID', cell: (a) => a.accountId, sortValue: (a) => a.accountId, isRowHeader: true },
            { id: 'name', header: 'Name', cell: (a) => a.name, sortValue: (a) => a.name },
            { id: 'roleArn', header: 'Role ARN', cell: (a) => a.roleArn ?? 'none (hub account)', sortValue: (a) => a.roleArn ?? '', filterText: (a) => a.roleArn ?? 'none (hub account)' },
            { id: 'externalId', header: 'External ID', cell: (a) => a.externalIdMasked ?? '-' },
            { id: 'regions', header: 'Regions', cell: (a) => a.regions.join(', '), filterText: (a) => a.regions.join(' ') },
            {
              id: 'validation',
              header: 'Last validation',
              cell: (a) =>
                a.lastValidation ? (
                  <span title={a.lastValidation.message}>
                    <Status kind="check" value={a.lastValidation.status} /> <DateTime iso={a.lastValidation.checkedAt} />
                  </span>
                ) : (
                  'Never validated'
                ),
              // Sorted by when the account was last checked; never validated first.
              sortValue: (a) => timeValue(a.lastValidation?.checkedAt),
              filterText: (a) => (a.lastValidation ? statusLabel('check', a.lastValidation.status).label : 'Never validated'),
            },
          ]}
          empty={<Box textAlign="center" color="inherit">No target accounts.{mayAdd.allowed ? ' Add one to recover into it.' : ''}</Box>}
        />
        {validation && <ValidationResult validation={validation} />}
        {(dialog?.kind === 'add' || dialog?.kind === 'edit') && (
          <AccountFormModal
            account={dialog.kind === 'edit' ? dialog.account : undefined}
            onCancel={() => setDialog(null)}
            onSaved={(saved, created) => {
              setDialog(null);
              setSelectedId(saved.accountId);
              // A saved account has not been validated as it now stands (the API clears lastValidation).
              setValidation(null);
              flash({ id: 'saved', type: 'success', content: `${created ? 'Added' : 'Saved'} target account ${saved.accountId} (${saved.name}).` });
              accounts.reload();
            }}
          />
        )}
        {dialog?.kind === 'remove' && (
          <RemoveModal
            account={dialog.account}
            onCancel={() => setDialog(null)}
            onRemoved={() => {
              setDialog(null);
              setSelectedId(undefined);
              setValidation(null);
              flash({ id: 'removed', type: 'success', content: `Removed target account ${dialog.account.accountId}.` });
              accounts.reload();
            }}
          />
        )}
      </SpaceBetween>
    </ContentLayout>
  );
}

export function ValidationResult({ validation }: { validation: TargetAccountValidation }) {
  return (
    <Container
      header={
        <Header variant="h2" description={`Checked ${formatDateTime(validation.checkedAt)}`}>
          Validation of {validation.accountId}: {statusLabel('check', validation.status).label}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <Alert type={validation.assumeRole.status === 'FAILED' ? 'error' : validation.assumeRole.status === 'OK' ? 'success' : 'info'} header={`Assume role: ${statusLabel('check', validation.assumeRole.status).label}`}>
          {validation.assumeRole.message}
        </Alert>
        <Table
          variant="embedded"
          ariaLabels={{ tableLabel: 'Per-region validation results' }}
          items={validation.regions}
          trackBy="region"
          columnDefinitions={[
            { id: 'region', header: 'Region', cell: (r) => r.region, isRowHeader: true },
            { id: 'status', header: 'Status', cell: (r) => <Status kind="check" value={r.status} /> },
            { id: 'message', header: 'Message', cell: (r) => r.message },
          ]}
        />
      </SpaceBetween>
    </Container>
  );
}

/** Client-side checks mirroring the API's schema, so most mistakes show at the field. */
export function validateAccountForm(form: { accountId: string; name: string; roleArn: string; externalId: string; regions: string[] }): Partial<Record<'accountId' | 'name' | 'roleArn' | 'externalId' | 'regions', string>> {
  const errors: Partial<Record<'accountId' | 'name' | 'roleArn' | 'externalId' | 'regions', string>> = {};
  if (!/^[0-9]{12}$/.test(form.accountId)) errors.accountId = 'An account ID is 12 digits.';
  if (!form.name.trim()) errors.name = 'Enter a name.';
  if (form.roleArn) {
    const match = /^arn:aws[a-z-]*:iam::([0-9]{12}):role\/[\w+=,.@/-]{1,512}$/.exec(form.roleArn);
    if (!match) errors.roleArn = 'A role ARN looks like arn:aws:iam::123456789012:role/Name.';
    else if (match[1] !== form.accountId) errors.roleArn = 'The role must be in the same account.';
  }
  if (form.externalId && !/^[\w+=,.@:/-]{2,1224}$/.test(form.externalId)) errors.externalId = '2 to 1224 characters: letters, digits and +=,.@:/-_';
  else if (form.externalId && form.externalId.length < EXTERNAL_ID_MIN_LENGTH) errors.externalId = `At least ${EXTERNAL_ID_MIN_LENGTH} characters; Generate makes one.`;
  if (form.externalId && !form.roleArn) errors.externalId = 'An external ID needs a role ARN; the hub account (no role) has none.';
  if (form.regions.length === 0) errors.regions = 'Choose at least one region.';
  return errors;
}

function AccountFormModal({ account, onCancel, onSaved }: { account?: TargetAccount; onCancel: () => void; onSaved: (saved: TargetAccount, created: boolean) => void }) {
  const { client } = useApp();
  const [accountId, setAccountId] = useState(account?.accountId ?? '');
  const [name, setName] = useState(account?.name ?? '');
  const [roleArn, setRoleArn] = useState(account?.roleArn ?? '');
  // A new account is offered a random external ID to put in its role's trust policy.
  const [externalId, setExternalId] = useState(() => (account ? '' : randomExternalId()));
  const [clearExternalId, setClearExternalId] = useState(false);
  const [regions, setRegions] = useState<string[]>(account?.regions ?? []);
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  // A stored external ID being cleared is not sent, so what the disabled field still holds is not checked.
  const errors = validateAccountForm({ accountId, name, roleArn, externalId: clearExternalId ? '' : externalId, regions });
  const regionOptions = [...new Set([...DRS_REGIONS, ...regions])].map((r) => ({ value: r, label: r }));
  const allRegions = DRS_REGIONS.every((r) => regions.includes(r));

  const save = async () => {
    setTouched(true);
    if (Object.keys(errors).length) return;
    setSaving(true);
    setError(undefined);
    const input: TargetAccountInput = { name: name.trim(), roleArn: roleArn || null, regions };
    try {
      if (account) {
        if (clearExternalId) input.externalId = null;
        else if (externalId) input.externalId = externalId;
        onSaved(await client.updateTargetAccount(account.accountId, input), false);
      } else {
        onSaved(await client.createTargetAccount({ accountId, ...input, externalId: externalId || null }), true);
      }
    } catch (caught) {
      setError(caught);
      setSaving(false);
    }
  };
  const show = (field: keyof typeof errors) => (touched ? errors[field] : undefined);

  return (
    <Modal visible onDismiss={onCancel} header={account ? `Edit target account ${account.accountId}` : 'Add target account'} closeAriaLabel="Close" size="medium">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Form
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button formAction="none" variant="link" onClick={onCancel}>
                Cancel
              </Button>
              <Button variant="primary" loading={saving}>
                {account ? 'Save' : 'Add account'}
              </Button>
            </SpaceBetween>
          }
        >
          <SpaceBetween size="m">
            <ErrorAlert error={error} action={account ? 'editTargetAccount' : 'addTargetAccount'} />
            <FormField label="Account ID" description="12 digits." errorText={show('accountId')}>
              <Input value={accountId} onChange={({ detail }) => setAccountId(detail.value.trim())} disabled={!!account} inputMode="numeric" placeholder="123456789012" />
            </FormField>
            <FormField label="Name" errorText={show('name')}>
              <Input value={name} onChange={({ detail }) => setName(detail.value)} />
            </FormField>
            <FormField label="Role ARN" description="The role the orchestrator assumes. Leave it empty only for the hub account the orchestrator runs in." errorText={show('roleArn')}>
              <Input value={roleArn} onChange={({ detail }) => setRoleArn(detail.value.trim())} placeholder="arn:aws:iam::123456789012:role/DrsOrchestratorTarget" />
            </FormField>
            <FormField
              label="External ID"
              description={
                account
                  ? `Stored: ${account.externalIdMasked ?? 'none'}. Leave empty to keep it, or Generate a new one (then update the role's trust policy).`
                  : `The sts:ExternalId the role's trust policy requires, at least ${EXTERNAL_ID_MIN_LENGTH} characters. A random one is offered: copy it into the trust policy. Leave it empty only for the hub account.`
              }
              errorText={show('externalId')}
              secondaryControl={
                <Button formAction="none" iconName="refresh" disabled={clearExternalId} onClick={() => setExternalId(randomExternalId())}>
                  Generate
                </Button>
              }
            >
              <SpaceBetween size="xs">
                <Input value={externalId} onChange={({ detail }) => setExternalId(detail.value.trim())} disabled={clearExternalId} ariaLabel="External ID" />
                {externalId && !clearExternalId && (
                  <CopyToClipboard variant="inline" textToCopy={externalId} copyButtonAriaLabel="Copy external ID" copySuccessText="External ID copied" copyErrorText="External ID failed to copy" />
                )}
                {account?.externalIdMasked && (
                  <Checkbox checked={clearExternalId} onChange={({ detail }) => setClearExternalId(detail.checked)}>
                    Clear the stored external ID
                  </Checkbox>
                )}
              </SpaceBetween>
            </FormField>
            <FormField label="Regions" description="Where DRS recovers servers in this account." errorText={show('regions')}>
              <Multiselect
                selectedOptions={regions.map((r) => ({ value: r, label: r }))}
                options={regionOptions}
                onChange={({ detail }) => setRegions(detail.selectedOptions.map((o) => o.value!).filter(Boolean))}
                placeholder="Choose regions"
                filteringType="auto"
                tokenLimit={6}
                deselectAriaLabel={(o) => `Remove ${o.label}`}
              />
            </FormField>
            <Checkbox
              checked={allRegions}
              onChange={({ detail }) => setRegions(detail.checked ? [...DRS_REGIONS] : [])}
              description="Register the account in every region DRS runs in; the active-region filter scans only those where servers are found."
            >
              All DRS regions ({DRS_REGIONS.length})
            </Checkbox>
          </SpaceBetween>
        </Form>
      </form>
    </Modal>
  );
}

function RemoveModal({ account, onCancel, onRemoved }: { account: TargetAccount; onCancel: () => void; onRemoved: () => void }) {
  const { client } = useApp();
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const remove = async () => {
    setRemoving(true);
    try {
      await client.deleteTargetAccount(account.accountId);
      onRemoved();
    } catch (caught) {
      setError(caught);
      setRemoving(false);
    }
  };
  return (
    <Modal
      visible
      onDismiss={onCancel}
      header="Remove target account"
      closeAriaLabel="Close"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onCancel}>
              Cancel
            </Button>
            <Button variant="primary" loading={removing} onClick={() => void remove()}>
              Remove
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <ErrorAlert error={error} action="removeTargetAccount" />
        <Box>
          Remove <strong>{account.name}</strong> ({account.accountId})? The orchestrator stops syncing and recovering in it. Its recovery instances and DRS settings stay as they are.
        </Box>
      </SpaceBetween>
    </Modal>
  );
}
