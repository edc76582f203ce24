import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Pagination from '@cloudscape-design/components/pagination';
import Table from '@cloudscape-design/components/table';
import { useCollection } from '@cloudscape-design/collection-hooks';
import { memo, use, useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ExistingRecoveryInstances, RecoveryInstance, RecoveryPlanSummary, SyncStatus } from '../api/types';
import { useApp } from '../app-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { InstanceState } from '../components/InstanceState';
import { SyncNowButton, SyncProgressAlert, useSyncNow } from '../components/SyncNow';
import { formatDateTime, formatFreshness, freshnessLevel } from '../lib/format';
import { useNow, useResource } from '../lib/hooks';
import { planHref } from '../lib/links';
import { checkExistingKey, FIRST_ANSWER_WAIT_MS, prefetchedWithin, takePrefetched, takePrefetchedValue } from '../lib/prefetch';

export function RecoveryPlansPage() {
  const { client } = useApp();
  const plans = useResource((signal) => client.listRecoveryPlans(signal), []);
  // The selection lives in the URL (`?plan=<planId>`), so a deep link starts
  // check-existing at once, in parallel with the plan list, and a reload or a
  // shared link shows the same plan.
  // The router applies URL changes in a transition, so the choice is also kept
  // in state: the radio follows the click at once, the URL a moment later.
  const [searchParams, setSearchParams] = useSearchParams();
  const linkedId = searchParams.get('plan') ?? undefined;
  const [chosenId, setChosenId] = useState(linkedId);
  useEffect(() => setChosenId(linkedId), [linkedId]);
  const items = plans.data?.items ?? [];
  const selectedId = chosenId ?? items[0]?.planId;
  const selected = items.find((p) => p.planId === selectedId);
  const select = useCallback(
    (planId: string | undefined) => {
      setChosenId(planId);
      setSearchParams(planId ? { plan: planId } : {}, { replace: true });
    },
    [setSearchParams],
  );

  return (
    <ContentLayout header={<Header variant="h1" description="Plans of waves of protection groups, and the recovery instances their servers already have.">Recovery plans</Header>}>
      <SpaceBetween size="l">
        <ErrorAlert error={plans.error} onRetry={plans.reload} />
        <PlansTable items={items} loading={plans.loading && !plans.data} loaded={plans.data !== undefined} selected={selected} select={select} reload={plans.reload} />
        {plans.data && linkedId && !selected && (
          <Alert type="warning" header="No such recovery plan">
            The link names plan {linkedId}, which is not among the recovery plans. Pick one above.
          </Alert>
        )}
        {selectedId && (!plans.data || selected) && <PlanInstances planId={selectedId} plan={selected} />}
      </SpaceBetween>
    </ContentLayout>
  );
}

const PlansTable = memo(function PlansTable({
  items,
  loading,
  loaded,
  selected,
  select,
  reload,
}: {
  items: RecoveryPlanSummary[];
  loading: boolean;
  loaded: boolean;
  selected: RecoveryPlanSummary | undefined;
  select: (planId: string | undefined) => void;
  reload: () => void;
}) {
  return (
    <Table<RecoveryPlanSummary>
      header={
        <Header counter={loaded ? `(${items.length})` : undefined} actions={<Button iconName="refresh" ariaLabel="Refresh recovery plans" onClick={reload} />}>
          Plans
        </Header>
      }
      items={items}
      loading={loading}
      loadingText="Loading recovery plans"
      trackBy="planId"
      selectionType="single"
      selectedItems={selected ? [selected] : []}
      onSelectionChange={({ detail }) => select(detail.selectedItems[0]?.planId)}
      ariaLabels={{
        selectionGroupLabel: 'Recovery plan selection',
        itemSelectionLabel: (_, item) => `Select plan ${item.name}`,
        allItemsSelectionLabel: () => 'Select all plans',
      }}
      columnDefinitions={[
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
          isRowHeader: true,
        },
        { id: 'description', header: 'Description', cell: (p) => p.description ?? '-' },
        { id: 'waves', header: 'Waves', cell: (p) => p.waves.map((w) => `${w.name} (${w.serverCount})`).join(' → ') || '-' },
        { id: 'groups', header: 'Protection groups', cell: (p) => p.protectionGroupIds.length },
        { id: 'servers', header: 'Servers', cell: (p) => p.serverCount },
      ]}
      empty={<Box textAlign="center" color="inherit">No recovery plans.</Box>}
    />
  );
});

/** When a sync last completed without failing (a FAILED run refreshed nothing), from the sync status. */
export function lastGoodSyncEnd(status: SyncStatus | undefined): string | null {
  if (!status) return null;
  const run = [status.lastCompletedRun, ...status.recentRuns].find((r) => r && r.status !== 'RUNNING' && r.status !== 'FAILED' && r.endedAt);
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

export function PlanInstances({ planId, plan }: { planId: string; plan?: RecoveryPlanSummary }) {
  // Opened by a link whose click (or the app's boot) already sent the check: render once, with the answer, if it comes quickly.
  const firstAnswer = prefetchedWithin(checkExistingKey(planId), FIRST_ANSWER_WAIT_MS);
  if (firstAnswer) use(firstAnswer);
  const { client } = useApp();
  const now = useNow();
  const existing = useResource((signal) => takePrefetched<ExistingRecoveryInstances>(checkExistingKey(planId)) ?? client.checkExistingInstances(planId, signal), [planId], {
    initialData: () => takePrefetchedValue<ExistingRecoveryInstances>(checkExistingKey(planId)),
    poll: { initialDelayMs: 15_000, maxDelayMs: 120_000 },
    changed: (a, b) => a?.lastSyncTime !== b.lastSyncTime || a?.existingInstances.length !== b.existingInstances.length,
  });
  const syncStatus = useResource((signal) => client.syncStatus(10, signal), [], { poll: { initialDelayMs: 15_000, maxDelayMs: 120_000 } });
  const reloadExisting = existing.reload;
  const reloadStatus = syncStatus.reload;
  const reloadBoth = useCallback(() => {
    reloadExisting();
    reloadStatus();
  }, [reloadExisting, reloadStatus]);
  const sync = useSyncNow(reloadBoth);
  const data = existing.data;
  const freshness = data ? planFreshness(data.lastSyncTime, lastGoodSyncEnd(syncStatus.data), data.existingInstances.length) : null;
  const level = freshnessLevel(freshness, now);
  const name = plan?.name ?? data?.planName ?? planId;

  return (
    <Container
      header={
        <Header
          variant="h2"
          counter={data ? `(${data.existingInstances.length})` : undefined}
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
        >
          Existing recovery instances
        </Header>
      }
    >
      <SpaceBetween size="m">
        <SyncProgressAlert progress={sync.progress} dismiss={sync.dismiss} />
        <ErrorAlert error={existing.error} onRetry={existing.reload} />
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
        <InstancesTable items={data?.existingInstances ?? EMPTY} loading={existing.loading && !data} label={`Existing recovery instances of ${name}`} paginate />
      </SpaceBetween>
    </Container>
  );
}

const EMPTY: RecoveryInstance[] = [];

/** Rows per page of the instance table: a 1,000-server plan renders 50 rows, not 1,000. */
export const INSTANCES_PAGE_SIZE = 50;

/**
 * The instances, 50 a page (collection-hooks). Memoized: the page around it
 * re-renders on every "now" tick and poll, the table only when its rows,
 * loading state or label change.
 */
export const InstancesTable = memo(function InstancesTable({ items, loading, label, paginate = false }: { items: RecoveryInstance[]; loading: boolean; label: string; paginate?: boolean }) {
  const { items: shown, paginationProps } = useCollection(items, { pagination: paginate ? { pageSize: INSTANCES_PAGE_SIZE } : undefined });
  return (
    <Table<RecoveryInstance>
      variant="embedded"
      ariaLabels={{ tableLabel: label }}
      items={shown}
      loading={loading}
      loadingText="Loading recovery instances"
      trackBy="recoveryInstanceId"
      pagination={paginate && items.length > INSTANCES_PAGE_SIZE ? <Pagination {...paginationProps} ariaLabels={PAGINATION_LABELS} /> : undefined}
      columnDefinitions={INSTANCE_COLUMNS}
      empty={<Box textAlign="center" color="inherit">No existing recovery instances.</Box>}
    />
  );
});

const PAGINATION_LABELS = { nextPageLabel: 'Next page of instances', previousPageLabel: 'Previous page of instances', pageLabel: (page: number) => `Page ${page} of instances` };

const INSTANCE_COLUMNS = [
  { id: 'instance', header: 'Instance ID', cell: (i: RecoveryInstance) => i.ec2InstanceId ?? i.recoveryInstanceId, isRowHeader: true },
  { id: 'server', header: 'Source server', cell: (i: RecoveryInstance) => i.sourceServerName ?? i.sourceServerId },
  { id: 'state', header: 'State', cell: (i: RecoveryInstance) => <InstanceState state={i.ec2InstanceState} /> },
  { id: 'privateIp', header: 'Private IP', cell: (i: RecoveryInstance) => i.privateIp ?? '-' },
  { id: 'publicIp', header: 'Public IP', cell: (i: RecoveryInstance) => i.publicIp ?? '-' },
  { id: 'type', header: 'Type', cell: (i: RecoveryInstance) => i.instanceType ?? '-' },
  { id: 'launch', header: 'Launch time', cell: (i: RecoveryInstance) => formatDateTime(i.launchTime) },
  { id: 'execution', header: 'Source execution', cell: (i: RecoveryInstance) => i.sourceExecutionId ?? '-' },
  { id: 'where', header: 'Account / Region', cell: (i: RecoveryInstance) => `${i.accountId} / ${i.region}` },
];
