import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import ProgressBar, { type ProgressBarProps } from '@cloudscape-design/components/progress-bar';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import type { AccountCapacity, StagingAccountSyncRun } from '../api/types';
import { DateTime } from '../components/DateTime';
import { useApp } from '../app-context';
import { DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { useApiQuery } from '../lib/hooks';
import { queries } from '../lib/queries';

const STATUS: Record<AccountCapacity['status'], StatusIndicatorProps.Type> = {
  OK: 'success',
  INFO: 'info',
  WARNING: 'warning',
  CRITICAL: 'error',
  'HYPER-CRITICAL': 'error',
};

/** A gauge: `current` of `max`, as a bar with the figures; in error past `errorAt` of the limit. */
export function Gauge({ label, current, max, description, errorAt = 0.93 }: { label: string; current: number; max: number; description?: string; errorAt?: number }) {
  const ratio = max === 0 ? 0 : current / max;
  const status: ProgressBarProps.Status = ratio >= errorAt ? 'error' : 'in-progress';
  return (
    <ProgressBar
      label={label}
      description={description}
      value={Math.min(100, Math.round(ratio * 1000) / 10)}
      status={status}
      additionalInfo={`${current} of ${max}`}
      resultText={`${current} of ${max}`}
    />
  );
}

/**
 * Target accounts and their staging accounts against DRS's limits: replicating
 * servers (300 per account and region), active jobs (20) and servers in them
 * (500), from GET /accounts/capacity/all (DRS reads, read-only).
 */
export function StagingAccountsPage() {
  const { client } = useApp();
  const capacity = useApiQuery(queries.capacityAll(client), { poll: { initialDelayMs: 60_000, maxDelayMs: 300_000 } });
  const data = capacity.data;
  const sync = useApiQuery(queries.stagingSyncStatus(client), { poll: { initialDelayMs: 30_000, maxDelayMs: 300_000 } });
  const lastRun = sync.data?.recentRuns.find((r) => r.status !== 'RUNNING');
  return (
    <ContentLayout
      header={
        <Header variant="h1" description="Replicating servers of every target account and its staging accounts against DRS’s 300 per account and region, and the DRS jobs running now. The staging-account sync extends staging servers into their target accounts every 5 minutes.">
          Staging accounts &amp; capacity
        </Header>
      }
    >
      <SpaceBetween size="l">
        <ErrorAlert error={capacity.error} onRetry={() => void capacity.refetch()} retriesItself />
        <Container
          header={
            <Header variant="h2" actions={<Button iconName="refresh" ariaLabel="Refresh capacity" onClick={() => void capacity.refetch()} />}>
              Capacity
            </Header>
          }
        >
          {data ? (
            <ColumnLayout columns={3}>
              <Gauge label="Replicating servers" description={data.combined.message} current={data.combined.totalReplicating} max={data.combined.maxReplicating} />
              <Gauge label="Active DRS jobs (busiest account-region)" current={data.concurrentJobs.current} max={data.concurrentJobs.max} />
              <Gauge label="Servers in active jobs (busiest account-region)" current={data.serversInJobs.current} max={data.serversInJobs.max} />
            </ColumnLayout>
          ) : (
            <Box color="text-status-inactive">{capacity.isLoading ? 'Loading capacity…' : '-'}</Box>
          )}
        </Container>
        {data && data.warnings.length > 0 ? (
          <Container header={<Header variant="h2">Warnings</Header>}>
            <SpaceBetween size="xs">
              {data.warnings.map((w) => (
                <StatusIndicator key={w} type="warning">
                  {w}
                </StatusIndicator>
              ))}
            </SpaceBetween>
          </Container>
        ) : null}
        <DataTable<AccountCapacity & { key: string }>
          id="capacity-accounts"
          title="Accounts"
          noun={{ one: 'account', many: 'accounts' }}
          items={data?.accounts.map((a) => ({ ...a, key: `${a.accountType}/${a.accountId}` }))}
          loading={capacity.isLoading}
          error={capacity.error}
          trackBy="key"
          defaultSort={{ column: 'replicatingServers', descending: true }}
          empty="No target account is registered."
          columns={[
            { id: 'accountId', header: 'Account', cell: (a) => `${a.accountName} (${a.accountId})`, sortValue: (a) => a.accountId, isRowHeader: true },
            { id: 'accountType', header: 'Type', cell: (a) => (a.accountType === 'staging' ? 'Staging' : 'Target'), sortValue: (a) => a.accountType },
            {
              id: 'status',
              header: 'Status',
              cell: (a) => (a.accessible ? <StatusIndicator type={STATUS[a.status]}>{a.status}</StatusIndicator> : <StatusIndicator type="error">Not readable</StatusIndicator>),
              sortValue: (a) => (a.accessible ? a.status : 'ZZ'),
            },
            { id: 'replicatingServers', header: 'Replicating', cell: (a) => a.replicatingServers, sortValue: (a) => a.replicatingServers },
            { id: 'busiest', header: 'Busiest region', cell: (a) => `${a.maxReplicating - a.availableSlots} of ${a.maxReplicating} (${a.percentUsed}%)`, sortValue: (a) => a.percentUsed },
            { id: 'totalServers', header: 'Source servers', cell: (a) => a.totalServers, sortValue: (a) => a.totalServers },
            { id: 'regions', header: 'Regions', cell: (a) => a.regionalBreakdown.map((r) => `${r.region}: ${r.replicatingServers}`).join(', ') || '-', filterText: (a) => a.regionalBreakdown.map((r) => r.region).join(' ') },
            { id: 'error', header: 'Error', cell: (a) => a.error ?? '-', filterText: (a) => a.error ?? '' },
          ]}
        />
        <DataTable<Finding & { key: string }>
          id="staging-findings"
          title="Findings of the last staging-account sync"
          description={lastRun ? <>Run started <DateTime iso={lastRun.startedAt} />: {lastRun.status}, {lastRun.counts?.extended ?? 0} server(s) extended.</> : undefined}
          noun={{ one: 'finding', many: 'findings' }}
          items={(lastRun?.findings ?? []).map((f, i) => ({ ...f, key: String(i) }))}
          loading={sync.isLoading}
          error={sync.error}
          trackBy="key"
          empty={lastRun ? 'The last run found nothing to act on.' : 'No staging-account sync has run yet.'}
          columns={[
            { id: 'kind', header: 'Finding', cell: (f) => f.kind, sortValue: (f) => f.kind, isRowHeader: true },
            { id: 'account', header: 'Target account', cell: (f) => `${f.accountId} · ${f.region}`, sortValue: (f) => f.accountId },
            { id: 'staging', header: 'Staging account', cell: (f) => f.stagingAccountId ?? '-', sortValue: (f) => f.stagingAccountId ?? '' },
            { id: 'server', header: 'Server', cell: (f) => f.hostname ?? f.sourceServerArn ?? '-', filterText: (f) => `${f.hostname ?? ''} ${f.sourceServerArn ?? ''}` },
            { id: 'remedy', header: 'Remedy', cell: (f) => f.remedy, filterText: (f) => `${f.message} ${f.remedy}` },
          ]}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}

type Finding = NonNullable<StagingAccountSyncRun['findings']>[number];
