import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useEffect, useState } from 'react';
import type { RecoveryInstance, RecoveryPlanSummary } from '../api/types';
import { useApp } from '../app-context';
import { ErrorAlert } from '../components/ErrorAlert';
import { InstanceState } from '../components/InstanceState';
import { SyncNowButton, SyncProgressAlert, useSyncNow } from '../components/SyncNow';
import { formatDateTime, formatFreshness, freshnessLevel } from '../lib/format';
import { useNow, useResource } from '../lib/hooks';

export function RecoveryPlansPage() {
  const { client } = useApp();
  const plans = useResource((signal) => client.listRecoveryPlans(signal), []);
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const items = plans.data?.items ?? [];
  useEffect(() => {
    if (!selectedId && items.length > 0) setSelectedId(items[0]!.planId);
  }, [items, selectedId]);
  const selected = items.find((p) => p.planId === selectedId);

  return (
    <ContentLayout header={<Header variant="h1" description="Plans of waves of protection groups, and the recovery instances their servers already have.">Recovery plans</Header>}>
      <SpaceBetween size="l">
        <ErrorAlert error={plans.error} onRetry={plans.reload} />
        <Table<RecoveryPlanSummary>
          header={
            <Header counter={plans.data ? `(${items.length})` : undefined} actions={<Button iconName="refresh" ariaLabel="Refresh recovery plans" onClick={plans.reload} />}>
              Plans
            </Header>
          }
          items={items}
          loading={plans.loading && !plans.data}
          loadingText="Loading recovery plans"
          trackBy="planId"
          selectionType="single"
          selectedItems={selected ? [selected] : []}
          onSelectionChange={({ detail }) => setSelectedId(detail.selectedItems[0]?.planId)}
          ariaLabels={{
            selectionGroupLabel: 'Recovery plan selection',
            itemSelectionLabel: (_, item) => `Select plan ${item.name}`,
            allItemsSelectionLabel: () => 'Select all plans',
          }}
          columnDefinitions={[
            { id: 'name', header: 'Name', cell: (p) => <Link onFollow={() => setSelectedId(p.planId)}>{p.name}</Link>, isRowHeader: true },
            { id: 'description', header: 'Description', cell: (p) => p.description ?? '-' },
            { id: 'waves', header: 'Waves', cell: (p) => p.waves.map((w) => `${w.name} (${w.serverCount})`).join(' → ') || '-' },
            { id: 'groups', header: 'Protection groups', cell: (p) => p.protectionGroupIds.length },
            { id: 'servers', header: 'Servers', cell: (p) => p.serverCount },
          ]}
          empty={<Box textAlign="center" color="inherit">No recovery plans.</Box>}
        />
        {selected && <PlanInstances plan={selected} />}
      </SpaceBetween>
    </ContentLayout>
  );
}

export function PlanInstances({ plan }: { plan: RecoveryPlanSummary }) {
  const { client } = useApp();
  const now = useNow();
  const existing = useResource((signal) => client.checkExistingInstances(plan.planId, signal), [plan.planId], {
    poll: { initialDelayMs: 15_000, maxDelayMs: 120_000 },
    changed: (a, b) => a?.lastSyncTime !== b.lastSyncTime || a?.existingInstances.length !== b.existingInstances.length,
  });
  const sync = useSyncNow(existing.reload);
  const data = existing.data;
  const level = freshnessLevel(data?.lastSyncTime, now);

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
                <StatusIndicator type={level === 'fresh' ? 'success' : level === 'unknown' ? 'info' : 'warning'}>{`Cache ${formatFreshness(data.lastSyncTime, now)}`}</StatusIndicator>
              </>
            ) : (
              `Plan ${plan.name}`
            )
          }
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="refresh" onClick={existing.reload} ariaLabel="Refresh existing instances" />
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
        <InstancesTable items={data?.existingInstances ?? []} loading={existing.loading && !data} label={`Existing recovery instances of ${plan.name}`} />
      </SpaceBetween>
    </Container>
  );
}

export function InstancesTable({ items, loading, label }: { items: RecoveryInstance[]; loading: boolean; label: string }) {
  return (
    <Table<RecoveryInstance>
      variant="embedded"
      ariaLabels={{ tableLabel: label }}
      items={items}
      loading={loading}
      loadingText="Loading recovery instances"
      trackBy="recoveryInstanceId"
      columnDefinitions={[
        { id: 'instance', header: 'Instance ID', cell: (i) => i.ec2InstanceId ?? i.recoveryInstanceId, isRowHeader: true },
        { id: 'server', header: 'Source server', cell: (i) => i.sourceServerName ?? i.sourceServerId },
        { id: 'state', header: 'State', cell: (i) => <InstanceState state={i.ec2InstanceState} /> },
        { id: 'privateIp', header: 'Private IP', cell: (i) => i.privateIp ?? '-' },
        { id: 'publicIp', header: 'Public IP', cell: (i) => i.publicIp ?? '-' },
        { id: 'type', header: 'Type', cell: (i) => i.instanceType ?? '-' },
        { id: 'launch', header: 'Launch time', cell: (i) => formatDateTime(i.launchTime) },
        { id: 'execution', header: 'Source execution', cell: (i) => i.sourceExecutionId ?? '-' },
        { id: 'where', header: 'Account / Region', cell: (i) => `${i.accountId} / ${i.region}` },
      ]}
      empty={<Box textAlign="center" color="inherit">No existing recovery instances.</Box>}
    />
  );
}
