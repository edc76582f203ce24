import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useCollection } from '@cloudscape-design/collection-hooks';
import { useState } from 'react';
import type { RecoveryInstance } from '../api/types';

/** What a termination acts on: exactly the selected instances, or, as an explicit separate action, everything an execution launched. */
export type TerminationTarget =
  | { readonly kind: 'selected'; readonly instances: readonly RecoveryInstance[] }
  | { readonly kind: 'execution'; readonly executionId: string; readonly instances: readonly RecoveryInstance[] };

/** Above this many instances the user types the confirmation word. */
export const TYPED_CONFIRMATION_THRESHOLD = 10;
export const CONFIRMATION_WORD = 'terminate';

/**
 * Why a termination needs the confirmation word typed: more than ten
 * instances, or instances of a recovery. An instance whose launch type is not
 * known (isDrill null, e.g. launched outside the orchestrator) counts as a
 * recovery's: only a known drill is spared the typing.
 */
export function typedConfirmationReasons(instances: readonly RecoveryInstance[]): string[] {
  const reasons: string[] = [];
  if (instances.length > TYPED_CONFIRMATION_THRESHOLD) reasons.push(`it terminates ${instances.length} instances (more than ${TYPED_CONFIRMATION_THRESHOLD})`);
  const recovery = instances.filter((i) => i.isDrill === false).length;
  const unknown = instances.filter((i) => i.isDrill == null).length;
  if (recovery) reasons.push(`${recovery} ${recovery === 1 ? 'was' : 'were'} launched by a RECOVERY, not a drill`);
  if (unknown) reasons.push(`${unknown} ${unknown === 1 ? 'is' : 'are'} not known to be a drill's`);
  return reasons;
}

/** Groups instances by account and region, in a stable order. */
export function groupByAccountRegion(instances: readonly RecoveryInstance[]): { accountId: string; region: string; instances: RecoveryInstance[] }[] {
  const groups = new Map<string, { accountId: string; region: string; instances: RecoveryInstance[] }>();
  for (const instance of instances) {
    const key = `${instance.accountId}/${instance.region}`;
    if (!groups.has(key)) groups.set(key, { accountId: instance.accountId, region: instance.region, instances: [] });
    groups.get(key)!.instances.push(instance);
  }
  return [...groups.values()].sort((a, b) => `${a.accountId}/${a.region}`.localeCompare(`${b.accountId}/${b.region}`));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Confirms a termination and lists exactly what it terminates: the API is
 * called with these instances (or, for an execution, terminates its cached
 * instances, which are these). Large or recovery terminations need the
 * confirmation word typed.
 */
export function TerminateModal({ target, submitting, onConfirm, onCancel }: { target: TerminationTarget; submitting: boolean; onConfirm: () => void; onCancel: () => void }) {
  const [typed, setTyped] = useState('');
  const { instances } = target;
  const groups = groupByAccountRegion(instances);
  const reasons = typedConfirmationReasons(instances);
  const confirmed = reasons.length === 0 || typed.trim().toLowerCase() === CONFIRMATION_WORD;
  const { items, paginationProps } = useCollection([...instances], { pagination: { pageSize: 20 } });
  const where = groups.map((g) => `${g.accountId} / ${g.region} (${g.instances.length})`).join(', ') || 'no account';

  return (
    <Modal
      visible
      onDismiss={onCancel}
      header={target.kind === 'execution' ? 'Terminate all instances of an execution' : 'Terminate selected recovery instances'}
      size="large"
      closeAriaLabel="Close"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onCancel}>
              Cancel
            </Button>
            <Button variant="primary" onClick={onConfirm} loading={submitting} disabled={instances.length === 0 || !confirmed}>
              Terminate {plural(instances.length, 'instance')}
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box>
          {target.kind === 'execution' ? (
            <>
              This terminates <strong>every</strong> cached recovery instance of execution <strong>{target.executionId}</strong>: {plural(instances.length, 'instance')}, in {where}.
            </>
          ) : (
            <>
              This terminates exactly the {plural(instances.length, 'selected recovery instance')}, in {where}, and no other.
            </>
          )}{' '}
          DRS terminates their EC2 instances; they cannot be recovered.
        </Box>
        {reasons.length > 0 && (
          <Alert type="warning" header="Type to confirm">
            Confirm by typing <strong>{CONFIRMATION_WORD}</strong>: {reasons.join('; ')}.
          </Alert>
        )}
        <Table<RecoveryInstance>
          variant="embedded"
          ariaLabels={{ tableLabel: 'Instances to terminate' }}
          items={items}
          trackBy="recoveryInstanceId"
          pagination={<Pagination {...paginationProps} ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }} />}
          columnDefinitions={[
            { id: 'id', header: 'Recovery instance ID', cell: (i) => i.recoveryInstanceId, isRowHeader: true },
            { id: 'ec2', header: 'EC2 instance ID', cell: (i) => i.ec2InstanceId ?? '-' },
            { id: 'server', header: 'Source server', cell: (i) => i.sourceServerName ?? i.sourceServerId },
            { id: 'account', header: 'Account', cell: (i) => i.accountId },
            { id: 'region', header: 'Region', cell: (i) => i.region },
            { id: 'launch', header: 'Launched by', cell: (i) => (i.isDrill === true ? 'Drill' : i.isDrill === false ? 'Recovery' : 'Unknown') },
          ]}
        />
        {reasons.length > 0 && (
          <FormField label={`To confirm, type "${CONFIRMATION_WORD}"`}>
            <Input value={typed} onChange={({ detail }) => setTyped(detail.value)} placeholder={CONFIRMATION_WORD} ariaLabel={`Type ${CONFIRMATION_WORD} to confirm`} />
          </FormField>
        )}
      </SpaceBetween>
    </Modal>
  );
}
