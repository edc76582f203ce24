import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { SyncRun, SyncStatus, SyncTargetResult } from '../api/types';
import { useApp } from '../app-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { DataTable } from '../components/DataTable';
import { DateTime } from '../components/DateTime';
import { Status } from '../components/Status';
import { SyncNowButton, SyncProgressAlert, useSyncNow } from '../components/SyncNow';
import { formatAge, formatDateTime, formatDuration, stepFunctionsConsoleUrl, timeValue } from '../lib/format';
import { statusLabel } from '../lib/status';
import { useNow, useResource } from '../lib/hooks';

/** Where to look at a run's execution: the built-in view locally, the Step Functions console in AWS. */
export function ExecutionLink({ arn, label }: { arn: string; label?: string }) {
  const { config } = useApp();
  const navigate = useNavigate();
  const name = label ?? arn.split(':').pop() ?? arn;
  const internal = `/executions/sfn/${encodeURIComponent(arn)}`;
  if (config.mode === 'cognito') {
    const external = stepFunctionsConsoleUrl(arn);
    if (external)
      return (
        <Link href={external} external externalIconAriaLabel="(opens in the Step Functions console)" ariaLabel={`Execution ${name} in the Step Functions console`}>
          {name}
        </Link>
      );
  }
  return (
    <Link
      href={internal}
      ariaLabel={`Execution ${name}`}
      onFollow={(event) => {
        event.preventDefault();
        navigate(internal);
      }}
    >
      {name}
    </Link>
  );
}

export function SyncStatusPage() {
  const { client } = useApp();
  const now = useNow();
  const status = useResource((signal) => client.syncStatus(20, signal), [], {
    poll: { initialDelayMs: 3000, maxDelayMs: 60_000 },
    // Poll fast again while something moves.
    changed: (a, b) => !!b.running || a?.lastRun?.executionArn !== b.lastRun?.executionArn || a?.lastRun?.status !== b.lastRun?.status,
  });
  const sync = useSyncNow(status.reload);
  const [selectedArn, setSelectedArn] = useState<string | undefined>(undefined);
  const data = status.data;
  const runs = data?.recentRuns ?? [];
  const selected = runs.find((r) => r.executionArn === selectedArn) ?? runs[0];

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description="Runs of the state machines that keep the caches fresh."
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="refresh" ariaLabel="Refresh sync status" onClick={status.reload} />
              <SyncNowButton progress={sync.progress} start={sync.start} />
            </SpaceBetween>
          }
        >
          Sync status
        </Header>
      }
    >
      <SpaceBetween size="l">
        <SyncProgressAlert progress={sync.progress} dismiss={sync.dismiss} />
        <ErrorAlert error={status.error} onRetry={status.reload} retriesItself />
        <Container header={<Header variant="h2" description="State machine recovery-instance-sync: refreshes the recovery instance cache from DRS and EC2.">Recovery instance sync</Header>}>
          <SyncSummary status={data} failed={!!status.error} now={now} />
        </Container>
        <DataTable<SyncRun>
          id="sync-runs"
          title="Recent runs"
          noun={{ one: 'run', many: 'sync runs' }}
          items={data?.recentRuns}
          loading={status.loading}
          error={status.error}
          trackBy="executionArn"
          defaultSort={{ column: 'start', descending: true }}
          selection={{ selected, onChange: (r) => setSelectedArn(r?.executionArn), label: (r) => `Select run started ${formatDateTime(r.startedAt)}` }}
          columns={[
            { id: 'status', header: 'Status', cell: (r) => <Status kind="run" value={r.status} />, sortValue: (r) => statusLabel('run', r.status).label },
            { id: 'start', header: 'Started', cell: (r) => <DateTime iso={r.startedAt} />, sortValue: (r) => timeValue(r.startedAt), filterText: (r) => formatDateTime(r.startedAt), isRowHeader: true },
            {
              id: 'duration',
              header: 'Duration',
              cell: (r) => (r.status === 'RUNNING' ? `running ${formatAge(r.startedAt, now).replace(' ago', '')}` : formatDuration(r.durationMs)),
              sortValue: (r) => (r.status === 'RUNNING' ? now - timeValue(r.startedAt) : r.durationMs),
              filterText: () => '',
            },
            { id: 'instances', header: 'Instances processed', cell: (r) => r.instancesProcessed ?? '-', sortValue: (r) => r.instancesProcessed, filterText: () => '' },
            { id: 'regions', header: 'Regions scanned', cell: (r) => r.regionsScanned ?? '-', sortValue: (r) => r.regionsScanned, filterText: () => '' },
            { id: 'removed', header: 'Records removed', cell: (r) => r.recordsRemoved ?? '-', sortValue: (r) => r.recordsRemoved, filterText: () => '' },
            { id: 'errors', header: 'Errors', cell: (r) => r.errors?.length ?? 0, sortValue: (r) => r.errors?.length ?? 0, filterText: (r) => (r.errors ?? []).map((e) => `${e.errorName ?? ''} ${e.message}`).join(' ') },
            { id: 'execution', header: 'Execution', cell: (r) => <ExecutionLink arn={r.executionArn} />, sortValue: (r) => r.executionArn.split(':').pop() },
          ]}
          empty={<Box textAlign="center" color="inherit">No sync has run yet.</Box>}
        />
        {selected && <RunDetails run={selected} />}
      </SpaceBetween>
    </ContentLayout>
  );
}

function SyncSummary({ status, failed, now }: { status: SyncStatus | undefined; failed: boolean; now: number }) {
  // A failed load is said as such, never as "Idle" or "None yet".
  if (!status) return failed ? <StatusIndicator type="error">Unavailable</StatusIndicator> : <Box>Loading…</Box>;
  const last = status.lastCompletedRun;
  return (
    <ColumnLayout columns={4} variant="text-grid">
      <div>
        <Box variant="awsui-key-label">Now</Box>
        <div>{status.running ? <Status kind="run" value="RUNNING" /> : 'Idle'}</div>
      </div>
      <div>
        <Box variant="awsui-key-label">Last completed run</Box>
        <div>{last ? <><Status kind="run" value={last.status} /> <span title={formatDateTime(last.endedAt ?? last.startedAt)}>{formatAge(last.endedAt ?? last.startedAt, now)}</span></> : 'None yet'}</div>
      </div>
      <div>
        <Box variant="awsui-key-label">Instances processed</Box>
        <div>{last?.instancesProcessed ?? '-'}</div>
      </div>
      <div>
        <Box variant="awsui-key-label">Duration</Box>
        <div>{formatDuration(last?.durationMs)}</div>
      </div>
    </ColumnLayout>
  );
}

/** A run's errors and per account-region results; `processed` names what instancesProcessed counts, and a sync that removes nothing hides Removed. */
export function RunDetails({ run, processed = 'Instances', removes = true }: { run: SyncRun; processed?: string; removes?: boolean }) {
  return (
    <Container header={<Header variant="h2" description={run.executionArn}>Run details</Header>}>
      <SpaceBetween size="l">
        <Table<NonNullable<SyncRun['errors']>[number]>
          variant="embedded"
          header={<Header variant="h3" counter={`(${run.errors?.length ?? 0})`}>Errors</Header>}
          ariaLabels={{ tableLabel: 'Run errors' }}
          items={run.errors ?? []}
          columnDefinitions={[
            { id: 'account', header: 'Account', cell: (e) => e.accountId ?? '-' },
            { id: 'region', header: 'Region', cell: (e) => e.region ?? '-' },
            { id: 'name', header: 'Error', cell: (e) => e.errorName ?? '-' },
            { id: 'message', header: 'Message', cell: (e) => e.message },
          ]}
          empty={<Box textAlign="center" color="inherit">{run.status === 'RUNNING' ? 'The run is still going.' : 'No errors.'}</Box>}
        />
        <Table<SyncTargetResult>
          variant="embedded"
          header={<Header variant="h3" counter={`(${run.targets?.length ?? 0})`}>Accounts and regions</Header>}
          ariaLabels={{ tableLabel: 'Per account and region results' }}
          items={run.targets ?? []}
          columnDefinitions={[
            { id: 'account', header: 'Account', cell: (t) => t.accountId, isRowHeader: true },
            { id: 'region', header: 'Region', cell: (t) => t.region },
            { id: 'status', header: 'Status', cell: (t) => <Status kind="run" value={t.status} /> },
            { id: 'instances', header: processed, cell: (t) => t.instancesProcessed },
            ...(removes ? [{ id: 'removed', header: 'Removed', cell: (t: SyncTargetResult) => t.recordsRemoved }] : []),
            { id: 'calls', header: 'API calls', cell: (t) => (t.apiCalls ? Object.entries(t.apiCalls).map(([k, v]) => `${k} ${v}`).join(', ') : '-') },
            { id: 'notes', header: 'Warnings / error', cell: (t) => [t.errorName && `${t.errorName}: ${t.errorMessage ?? ''}`, ...t.warnings].filter(Boolean).join(' · ') || '-' },
          ]}
          empty={<Box textAlign="center" color="inherit">{run.status === 'RUNNING' ? 'The run is still going.' : 'No account-region results.'}</Box>}
        />
      </SpaceBetween>
    </Container>
  );
}
