import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useQueryClient } from '@tanstack/react-query';
import { memo, use, useCallback, useEffect, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ExistingRecoveryInstances, RecoveryInstance, RecoveryPlanSummary, SyncStatus } from '../api/types';
import { useApp } from '../app-context';
import { DataTable, type DataColumn } from '../components/DataTable';
import { DateTime } from '../components/DateTime';
import { QueryErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { Status } from '../components/Status';
import { SyncNowButton, SyncProgressAlert, useSyncNow } from '../components/SyncNow';
import { formatFreshness, freshnessLevel, timeValue } from '../lib/format';
import { useApiQuery, useNow } from '../lib/hooks';
import { planHref } from '../lib/links';
import { FIRST_ANSWER_WAIT_MS, firstAnswerWithin } from '../lib/prefetch';
import { queries } from '../lib/queries';

const PLAN_POLL = { initialDelayMs: 15_000, maxDelayMs: 120_000 };

export function RecoveryPlansPage() {
  const { client } = useApp();
  const plans = useApiQuery(queries.recoveryPlans(client));
  // The selection lives in the URL (`?plan=<planId>`), so a deep link starts
  // check-existing at once, in parallel with the plan list, and a reload or a
  // shared link shows the same plan.
  // The router applies URL changes in a transition, so the choice is also kept
  // in state: the radio follows the click at once, the URL a moment later.
  const [searchParams, setSearchParams] = useSearchParams();
  const linkedId = searchParams.get('plan') ?? undefined;
  const [chosenId, setChosenId] = useState(linkedId);
  useEffect(() => setChosenId(linkedId), [linkedId]);
  const items = plans.data?.items;
  const selectedId = chosenId ?? items?.[0]?.planId;
  const selected = items?.find((p) => p.planId === selectedId);
  const select = useCallback(
    (planId: string | undefined) => {
      setChosenId(planId);
      setSearchParams(planId ? { plan: planId } : {}, { replace: true });
    },
    [setSearchParams],
  );

  return (
    <ContentLayout header={<PageHeader description="Plans of waves of protection groups, and the recovery instances their servers already have." />}>
      <SpaceBetween size="l">
        <QueryErrorAlert queries={[plans]} />
        <PlansTable items={items} loading={plans.isFetching} error={plans.error ?? undefined} selected={selected} select={select} reload={plans.refetch} />
        {plans.data && linkedId && !selected && (
          <Alert type="warning" header="No such recovery plan">
            The link names plan {linkedId}, which is not among the recovery plans. Pick one above.
          </Alert>
        )}
        {selectedId && (!plans.data || selected) && <PlanInstances planId={selectedId} plan={selected} listFailed={!!plans.error} />}
      </SpaceBetween>
    </ContentLayout>
  );
}

const PlansTable = memo(function PlansTable({
  items,
  loading,
  error,
  selected,
  select,
  reload,
}: {
  items: readonly RecoveryPlanSummary[] | undefined;
  loading: boolean;
  error: unknown;
  selected: RecoveryPlanSummary | undefined;
  select: (planId: string | undefined) => void;
  reload: () => unknown;
}) {
  const columns: DataColumn<RecoveryPlanSummary>[] = [
    {
      id: 'name',
      header: 'Name',
      cell: (p) => (
        <Link
          href={planHref(p.planId)}
          onFollow={(event) => {
            event.preventDefault();
            select(p.planId);
          }}
        >
          {p.name}
        </Link>
      ),
      sortValue: (p) => p.name,
      isRowHeader: true,
    },
    { id: 'description', header: 'Description', cell: (p) => p.description ?? '-', sortValue: (p) => p.description },
    { id: 'waves', header: 'Waves', cell: (p) => p.waves.map((w) => `${w.name} (${w.serverCount})`).join(' → ') || '-', sortValue: (p) => p.waves.length, filterText: (p) => p.waves.map((w) => w.name).join(' ') },
    { id: 'groups', header: 'Protection groups', cell: (p) => p.protectionGroupIds.length, sortValue: (p) => p.protectionGroupIds.length, filterText: (p) => p.protectionGroupIds.join(' ') },
    { id: 'servers', header: 'Servers', cell: (p) => p.serverCount, sortValue: (p) => p.serverCount },
    { id: 'updated', header: 'Last updated', cell: (p) => <DateTime iso={p.updatedAt ?? p.createdAt} />, sortValue: (p) => timeValue(p.updatedAt ?? p.createdAt), filterText: () => '', visible: false },
  ];
  return (
    <DataTable<RecoveryPlanSummary>
      id="recovery-plans"
      title="Plans"
      noun={{ one: 'recovery plan', many: 'recovery plans' }}
      items={items}
      loading={loading}
      error={error}
      columns={columns}
      trackBy="planId"
      defaultSort={{ column: 'name' }}
      selection={{ selected, onChange: (plan) => select(plan?.planId), label: (plan) => `Select plan ${plan.name}` }}
      actions={<Button iconName="refresh" ariaLabel="Refresh recovery plans" onClick={() => void reload()} />}
    />
  );
});

/** When a sync last refreshed the cache: only a SUCCEEDED or PARTIAL run did (FAILED, TIMED_OUT and ABORTED runs may have refreshed nothing). */
export function lastGoodSyncEnd(status: SyncStatus | undefined): string | null {
  if (!status) return null;
  const run = [status.lastCompletedRun, ...status.recentRuns].find((r) => r && (r.status === 'SUCCEEDED' || r.status === 'PARTIAL') && r.endedAt);
  return run?.endedAt ?? null;
}

/**
 * How fresh the plan's list is, as an operator reads "Cache synced …": the
 * OLDER of (a) the oldest lastSyncTime of the plan's cached instances and
 * (b) the end of the last completed sync. The list is two claims: "these
 * servers have these instances" (as old as (a)) and "the other servers have
 * none" (only as true as the last sync that looked, (b)); the list is only as
 * fresh as its older claim. With no instances only (b) applies (so a plan
 * with none no longer says "never synced" right after a sync); when the sync
 * status cannot be read, (a) alone.
 */
export function planFreshness(instancesSyncTime: string | null | undefined, lastSyncEnd: string | null | undefined, instanceCount: number): string | null {
  const a = instanceCount > 0 ? (instancesSyncTime ?? null) : null;
  const b = lastSyncEnd ?? null;
  if (a && b) return Date.parse(a) <= Date.parse(b) ? a : b;
  return a ?? b;
}

const changedExisting = (a: ExistingRecoveryInstances | undefined, b: ExistingRecoveryInstances) => a?.lastSyncTime !== b.lastSyncTime || a?.existingInstances.length !== b.existingInstances.length;

/** `listFailed`: the page already shows one alert for the failure, so this part does not add another. */
export function PlanInstances({ planId, plan, listFailed = false }: { planId: string; plan?: RecoveryPlanSummary; listFailed?: boolean }) {
  const { client } = useApp();
  const queryClient = useQueryClient();
  const check = queries.checkExisting(client, planId);
  // Opened by a link whose press (or the app's boot) already sent the check: render once, with the answer, if it comes quickly.
  const firstAnswer = firstAnswerWithin(queryClient, check.queryKey, FIRST_ANSWER_WAIT_MS);
  if (firstAnswer) use(firstAnswer);
  const now = useNow();
  const existing = useApiQuery(check, { poll: PLAN_POLL, changed: changedExisting });
  const syncStatus = useApiQuery(queries.syncStatus(client, 10), { poll: PLAN_POLL });
  const refetchExisting = existing.refetch;
  const refetchStatus = syncStatus.refetch;
  const reloadBoth = useCallback(() => {
    void refetchExisting();
    void refetchStatus();
  }, [refetchExisting, refetchStatus]);
  const sync = useSyncNow(reloadBoth);
  const data = existing.data;
  const freshness = data ? planFreshness(data.lastSyncTime, lastGoodSyncEnd(syncStatus.data), data.existingInstances.length) : null;
  const level = freshnessLevel(freshness, now);
  const name = plan?.name ?? data?.planName ?? planId;

  return (
    <SpaceBetween size="m">
      <SyncProgressAlert progress={sync.progress} dismiss={sync.dismiss} />
      {!listFailed && <QueryErrorAlert queries={[existing]} />}
      {data?.cacheUnavailable && (
        <Alert type="warning" header="The recovery instance cache could not be read">
          This list says nothing about DRS right now. Refresh in a moment, or run a sync.
        </Alert>
      )}
      {data && !data.cacheUnavailable && data.cacheMisses > 0 && (
        <Alert type="info" header={`${data.cacheMisses} of ${data.serverCount} servers have no cached recovery instance`}>
          Either they have none, or the cache has not seen it yet. Sync now to be sure.
        </Alert>
      )}
      <InstancesTable
        items={data?.existingInstances}
        loading={existing.isFetching}
        error={existing.error ?? undefined}
        label={`Existing recovery instances of ${name}`}
        description={
          data ? (
            <>
              Plan {data.planName}: {data.serverCount} servers ·{' '}
              <StatusIndicator type={level === 'fresh' ? 'success' : level === 'unknown' ? 'info' : 'warning'}>{`Cache ${formatFreshness(freshness, now)}`}</StatusIndicator>
            </>
          ) : (
            `Plan ${name}`
          )
        }
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button iconName="refresh" onClick={reloadBoth} ariaLabel="Refresh existing instances" />
            <SyncNowButton progress={sync.progress} start={sync.start} />
          </SpaceBetween>
        }
      />
    </SpaceBetween>
  );
}

/** Rows per page of the instance table at first: a 1,000-server plan renders 50 rows, not 1,000. */
export const INSTANCES_PAGE_SIZE = 50;

/**
 * The plan's instances. Memoized: the page around it re-renders on every
 * "now" tick and poll, the table only when its rows, state or header change.
 */
const InstancesTable = memo(function InstancesTable({
  items,
  loading,
  error,
  label,
  description,
  actions,
}: {
  items: readonly RecoveryInstance[] | undefined;
  loading: boolean;
  error: unknown;
  label: string;
  description: ReactNode;
  actions: ReactNode;
}) {
  return (
    <DataTable<RecoveryInstance>
      id="plan-recovery-instances"
      title="Existing recovery instances"
      ariaLabel={label}
      headerVariant="h2"
      description={description}
      actions={actions}
      noun={{ one: 'recovery instance', many: 'recovery instances' }}
      items={items}
      loading={loading}
      error={error}
      columns={INSTANCE_COLUMNS}
      trackBy="recoveryInstanceId"
      defaultSort={{ column: 'server' }}
      defaultPageSize={INSTANCES_PAGE_SIZE}
      empty={
        <Box textAlign="center" color="inherit">
          <b>No existing recovery instances</b>
          <Box variant="p" color="inherit">
            None of the plan&apos;s servers has a recovery instance in the cache.
          </Box>
        </Box>
      }
    />
  );
});

const INSTANCE_COLUMNS: DataColumn<RecoveryInstance>[] = [
  { id: 'instance', header: 'Instance ID', cell: (i) => i.ec2InstanceId ?? i.recoveryInstanceId, sortValue: (i) => i.ec2InstanceId ?? i.recoveryInstanceId, isRowHeader: true },
  { id: 'server', header: 'Source server', cell: (i) => i.sourceServerName ?? i.sourceServerId, sortValue: (i) => i.sourceServerName ?? i.sourceServerId, filterText: (i) => `${i.sourceServerName ?? ''} ${i.sourceServerId}` },
  { id: 'state', header: 'State', cell: (i) => <Status kind="instance" value={i.ec2InstanceState} />, sortValue: (i) => i.ec2InstanceState },
  { id: 'privateIp', header: 'Private IP', cell: (i) => i.privateIp ?? '-', sortValue: (i) => i.privateIp },
  { id: 'publicIp', header: 'Public IP', cell: (i) => i.publicIp ?? '-', sortValue: (i) => i.publicIp },
  { id: 'type', header: 'Type', cell: (i) => i.instanceType ?? '-', sortValue: (i) => i.instanceType },
  { id: 'launch', header: 'Launch time', cell: (i) => <DateTime iso={i.launchTime} />, sortValue: (i) => timeValue(i.launchTime), filterText: () => '' },
  { id: 'execution', header: 'Source execution', cell: (i) => i.sourceExecutionId ?? '-', sortValue: (i) => i.sourceExecutionId, filterText: (i) => `${i.sourceExecutionId ?? ''} ${i.sourcePlanName ?? ''}` },
  { id: 'where', header: 'Account / Region', cell: (i) => `${i.accountId} / ${i.region}`, sortValue: (i) => `${i.accountId} / ${i.region}` },
];
