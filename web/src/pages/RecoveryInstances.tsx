import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Flashbar, { type FlashbarProps } from '@cloudscape-design/components/flashbar';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useMemo, useState } from 'react';
import type { RecoveryInstance, TerminationResult } from '../api/types';
import { useApp } from '../app-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { InstanceState } from '../components/InstanceState';
import { TerminateModal } from '../components/TerminateModal';
import { formatDateTime, formatFreshness } from '../lib/format';
import { useNow, useResource } from '../lib/hooks';

const EC2_STATES = ['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated'];

interface Filters {
  accountId: string;
  region: string;
  state: string;
  executionId: string;
}
const NO_FILTERS: Filters = { accountId: '', region: '', state: '', executionId: '' };

function options(values: Iterable<string>, any: string): SelectProps.Option[] {
  return [{ value: '', label: any }, ...[...new Set(values)].filter(Boolean).sort().map((v) => ({ value: v, label: v }))];
}

/** Flash messages for a termination result: one per terminated and per failed account/region. */
export function terminationFlashes(result: TerminationResult): FlashbarProps.MessageDefinition[] {
  return [
    ...result.terminated.map((g, i) => ({
      id: `terminated-${i}`,
      type: 'success' as const,
      header: `Terminated ${g.recoveryInstanceIds.length} instance${g.recoveryInstanceIds.length === 1 ? '' : 's'} in ${g.accountId} / ${g.region}`,
      content: `${g.recoveryInstanceIds.join(', ')}${g.jobId ? ` (DRS job ${g.jobId})` : ''}`,
    })),
    ...result.failed.map((g, i) => ({
      id: `failed-${i}`,
      type: 'error' as const,
      header: `Could not terminate ${g.recoveryInstanceIds.length} instance${g.recoveryInstanceIds.length === 1 ? '' : 's'} in ${g.accountId} / ${g.region}`,
      content: `${g.errorName}: ${g.message} They stay in the cache; Terminate again to retry them.`,
    })),
  ];
}

export function RecoveryInstancesPage() {
  const { client, can, remedy } = useApp();
  const now = useNow();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [tokens, setTokens] = useState<(string | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const [selected, setSelected] = useState<RecoveryInstance[]>([]);
  const [flashes, setFlashes] = useState<FlashbarProps.MessageDefinition[]>([]);
  const [confirm, setConfirm] = useState<{ executionId: string; instances: RecoveryInstance[]; unselected: number } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [seen, setSeen] = useState<{ executions: Set<string>; accounts: Set<string>; regions: Set<string> }>(() => ({ executions: new Set(), accounts: new Set(), regions: new Set() }));

  const accounts = useResource((signal) => client.listTargetAccounts(signal), []);
  const token = tokens[pageIndex] ?? null;
  const page = useResource(
    async (signal) => {
      const answer = await client.listRecoveryInstances({ ...filters, limit: 100, nextToken: token }, signal);
      setTokens((previous) => {
        const next = previous.slice(0, pageIndex + 1);
        if (answer.nextToken) next.push(answer.nextToken);
        return next;
      });
      setSeen((previous) => ({
        executions: new Set([...previous.executions, ...answer.items.map((i) => i.sourceExecutionId ?? '')].filter(Boolean)),
        accounts: new Set([...previous.accounts, ...answer.items.map((i) => i.accountId)]),
        regions: new Set([...previous.regions, ...answer.items.map((i) => i.region)]),
      }));
      return answer;
    },
    [filters, pageIndex, token],
    { poll: { initialDelayMs: 30_000, maxDelayMs: 300_000 } },
  );

  const accountOptions = options([...(accounts.data?.items.map((a) => a.accountId) ?? []), ...seen.accounts], 'Any account');
  const regionOptions = options([...(accounts.data?.items.flatMap((a) => a.regions) ?? []), ...seen.regions], 'Any region');
  const stateOptions = options(EC2_STATES, 'Any state');
  const executionOptions = options([...seen.executions, filters.executionId], 'Any execution');

  const setFilter = (key: keyof Filters, value: string) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setTokens([null]);
    setPageIndex(0);
    setSelected([]);
  };
  const pick = (list: SelectProps.Option[], value: string) => list.find((o) => o.value === value) ?? list[0]!;

  const items = page.data?.items ?? [];
  const selectedExecutions = useMemo(() => [...new Set(selected.map((i) => i.sourceExecutionId))], [selected]);
  const terminable = selected.length > 0 && selectedExecutions.length === 1 && !!selectedExecutions[0];
  const terminateReason =
    selected.length === 0 ? 'Select instances of one execution.' : selectedExecutions.length > 1 ? 'Select instances of only one execution: the API terminates per execution.' : !selectedExecutions[0] ? 'These instances were not launched by an orchestrator execution.' : undefined;

  const [terminateError, setTerminateError] = useState<unknown>(undefined);
  const openTerminate = async () => {
    const executionId = selectedExecutions[0];
    if (!executionId) return;
    setTerminateError(undefined);
    try {
      // What the API will terminate: every cached instance of the execution.
      const all = await client.listRecoveryInstances({ executionId });
      const chosen = new Set(selected.map((i) => i.recoveryInstanceId));
      setConfirm({ executionId, instances: all.items, unselected: all.items.filter((i) => !chosen.has(i.recoveryInstanceId)).length });
    } catch (error) {
      setTerminateError(error);
    }
  };
  const terminate = async () => {
    if (!confirm) return;
    setSubmitting(true);
    try {
      const result = await client.terminateExecutionInstances(confirm.executionId);
      setFlashes(terminationFlashes(result).map((f) => ({ ...f, dismissible: true, onDismiss: () => setFlashes((all) => all.filter((x) => x.id !== f.id)) })));
    } catch (error) {
      const { title, message } = remedy(error, 'terminateInstances');
      setFlashes([{ id: 'terminate-error', type: 'error', header: title, content: message, dismissible: true, onDismiss: () => setFlashes([]) }]);
    } finally {
      setSubmitting(false);
      setConfirm(null);
      setSelected([]);
      page.reload();
    }
  };

  const oldestSync = items.reduce<string | null>((oldest, i) => (!oldest || i.lastSyncTime < oldest ? i.lastSyncTime : oldest), null);

  return (
    <ContentLayout header={<Header variant="h1" description="Every recovery instance in the cache, across target accounts and regions.">Recovery instances</Header>}>
      <SpaceBetween size="l">
        <Flashbar items={flashes} />
        <ErrorAlert error={page.error} onRetry={page.reload} />
        <ErrorAlert error={terminateError} action="terminateInstances" onDismiss={() => setTerminateError(undefined)} />
        <Table<RecoveryInstance>
          header={
            <Header
              counter={page.data ? `(${items.length}${page.data.nextToken ? '+' : ''})` : undefined}
              description={items.length ? `Page cache ${formatFreshness(oldestSync, now)}` : undefined}
              actions={
                <SpaceBetween direction="horizontal" size="xs">
                  <Button iconName="refresh" ariaLabel="Refresh recovery instances" onClick={page.reload} />
                  {can('terminateInstances') && (
                    <Button onClick={() => void openTerminate()} disabled={!terminable} disabledReason={terminateReason}>
                      Terminate
                    </Button>
                  )}
                </SpaceBetween>
              }
            >
              Instances
            </Header>
          }
          filter={
            <SpaceBetween direction="horizontal" size="s">
              <FormField label="Account">
                <Select ariaLabel="Account" selectedOption={pick(accountOptions, filters.accountId)} options={accountOptions} onChange={({ detail }) => setFilter('accountId', detail.selectedOption.value ?? '')} />
              </FormField>
              <FormField label="Region">
                <Select ariaLabel="Region" selectedOption={pick(regionOptions, filters.region)} options={regionOptions} onChange={({ detail }) => setFilter('region', detail.selectedOption.value ?? '')} />
              </FormField>
              <FormField label="State">
                <Select ariaLabel="State" selectedOption={pick(stateOptions, filters.state)} options={stateOptions} onChange={({ detail }) => setFilter('state', detail.selectedOption.value ?? '')} />
              </FormField>
              <FormField label="Execution">
                <Select
                  ariaLabel="Execution"
                  filteringType="auto"
                  selectedOption={pick(executionOptions, filters.executionId)}
                  options={executionOptions}
                  onChange={({ detail }) => setFilter('executionId', detail.selectedOption.value ?? '')}
                />
              </FormField>
              {(filters.accountId || filters.region || filters.state || filters.executionId) && (
                <Box padding={{ top: 'xl' }}>
                  <Button variant="link" onClick={() => { setFilters(NO_FILTERS); setTokens([null]); setPageIndex(0); setSelected([]); }}>
                    Clear filters
                  </Button>
                </Box>
              )}
            </SpaceBetween>
          }
          pagination={
            <Pagination
              currentPageIndex={pageIndex + 1}
              pagesCount={Math.max(1, tokens.length)}
              openEnd={!!page.data?.nextToken}
              onChange={({ detail }) => {
                setPageIndex(detail.currentPageIndex - 1);
                setSelected([]);
              }}
              ariaLabels={{ nextPageLabel: 'Next page', previousPageLabel: 'Previous page', pageLabel: (n) => `Page ${n}` }}
            />
          }
          items={items}
          loading={page.loading && !page.data}
          loadingText="Loading recovery instances"
          trackBy="recoveryInstanceId"
          selectionType={can('terminateInstances') ? 'multi' : undefined}
          selectedItems={selected}
          onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
          ariaLabels={{
            selectionGroupLabel: 'Instance selection',
            allItemsSelectionLabel: () => 'Select all instances on this page',
            itemSelectionLabel: (_, i) => `Select ${i.ec2InstanceId ?? i.recoveryInstanceId}`,
          }}
          columnDefinitions={[
            { id: 'instance', header: 'Instance ID', cell: (i) => i.ec2InstanceId ?? i.recoveryInstanceId, isRowHeader: true },
            { id: 'recovery', header: 'Recovery instance ID', cell: (i) => i.recoveryInstanceId },
            { id: 'server', header: 'Source server', cell: (i) => i.sourceServerName ?? i.sourceServerId },
            { id: 'state', header: 'State', cell: (i) => <InstanceState state={i.ec2InstanceState} /> },
            { id: 'account', header: 'Account', cell: (i) => i.accountId },
            { id: 'region', header: 'Region', cell: (i) => i.region },
            { id: 'privateIp', header: 'Private IP', cell: (i) => i.privateIp ?? '-' },
            { id: 'type', header: 'Type', cell: (i) => i.instanceType ?? '-' },
            { id: 'launch', header: 'Launch time', cell: (i) => formatDateTime(i.launchTime) },
            { id: 'execution', header: 'Source execution', cell: (i) => i.sourceExecutionId ?? '-' },
            { id: 'plan', header: 'Plan', cell: (i) => i.sourcePlanName ?? '-' },
            { id: 'synced', header: 'Synced', cell: (i) => formatFreshness(i.lastSyncTime, now) },
          ]}
          empty={
            <Box textAlign="center" color="inherit">
              {page.data?.nextToken ? 'No matches on this page; more pages follow.' : 'No recovery instances match.'}
            </Box>
          }
        />
        {confirm && (
          <TerminateModal
            visible
            executionId={confirm.executionId}
            instances={confirm.instances}
            unselectedCount={confirm.unselected}
            submitting={submitting}
            onConfirm={() => void terminate()}
            onCancel={() => setConfirm(null)}
          />
        )}
      </SpaceBetween>
    </ContentLayout>
  );
}
