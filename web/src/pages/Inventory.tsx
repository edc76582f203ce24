import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import { useState } from 'react';
import type { InventoryServer } from '../api/types';
import { useApp } from '../app-context';
import { DataTable } from '../components/DataTable';
import { DateTime } from '../components/DateTime';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatAge, timeValue } from '../lib/format';
import { useApiQuery, useNow } from '../lib/hooks';
import { queries } from '../lib/queries';

type Health = InventoryServer['health'];

export const HEALTH: Record<Health, { type: StatusIndicatorProps.Type; label: string }> = {
  READY: { type: 'success', label: 'Ready to recover' },
  LAGGING: { type: 'warning', label: 'Lagging' },
  STALLED: { type: 'error', label: 'Stalled' },
  NOT_READY: { type: 'pending', label: 'Not ready' },
};

/** The DRS replication state with the health it means: ready (lag ≤ 5 min), lagging, stalled or not ready. */
export function ReplicationStatus({ server }: { server: Pick<InventoryServer, 'health' | 'replicationState'> }) {
  const { type } = HEALTH[server.health];
  return <StatusIndicator type={type}>{server.replicationState.replaceAll('_', ' ').toLowerCase().replace(/^./, (c) => c.toUpperCase())}</StatusIndicator>;
}

/** Seconds as the largest two units: 90 → "1m 30s". */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '-';
  const units: Array<[string, number]> = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  const parts: string[] = [];
  let rest = Math.max(0, Math.floor(seconds));
  for (const [unit, size] of units) {
    if (rest >= size || (unit === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

const ALL = { value: '', label: 'All' };
const optionsOf = (values: Iterable<string>, label = (v: string) => v): SelectProps.Option[] => [ALL, ...[...new Set(values)].sort().map((v) => ({ value: v, label: label(v) }))];

/**
 * Every DRS source server of every target account and active region, from the
 * inventory (kept by the inventory sync every 15 minutes; an account-region
 * whose inventory is older is read from DRS and the page says so): search,
 * filters, replication state and lag, the recovery point's age, and the
 * original topology failback needs.
 */
export function InventoryPage() {
  const { client } = useApp();
  const now = useNow();
  const inventory = useApiQuery(queries.sourceServerInventory(client), { poll: { initialDelayMs: 60_000, maxDelayMs: 300_000 } });
  const [account, setAccount] = useState<SelectProps.Option>(ALL);
  const [region, setRegion] = useState<SelectProps.Option>(ALL);
  const [health, setHealth] = useState<SelectProps.Option>(ALL);
  const servers = inventory.data?.servers;
  const rows = servers?.filter((s) => (!account.value || s.accountId === account.value) && (!region.value || s.region === region.value) && (!health.value || s.health === health.value));
  const count = (h: Health) => servers?.filter((s) => s.health === h).length;
  const missing = servers?.filter((s) => s.topologyMissing).length ?? 0;
  const stale = inventory.data?.staleRegions ?? [];
  return (
    <ContentLayout
      header={
        <Header variant="h1" description="DRS source servers across target accounts and active regions, from the inventory (refreshed every 15 minutes).">
          Inventory
        </Header>
      }
    >
      <SpaceBetween size="l">
        <ErrorAlert error={inventory.error} onRetry={() => void inventory.refetch()} retriesItself />
        {stale.length > 0 && (
          <Alert type="info" header="Some account-regions were read from DRS">
            Their inventory was older than 15 minutes: {stale.map((r) => `${r.accountId}/${r.region}${r.error ? ` (DRS failed: ${r.error}; last inventory shown)` : ''}`).join(', ')}.
          </Alert>
        )}
        {missing > 0 && (
          <Alert type="warning" header={`${missing} source server${missing === 1 ? '' : 's'} without original topology`}>
            Failback needs the region and account they replicated from; the inventory did not see them replicating from there and does not guess. See the inventory runbook to enter it.
          </Alert>
        )}
        <Container header={<Header variant="h2">Replication health</Header>}>
          <ColumnLayout columns={5} variant="text-grid">
            {(Object.keys(HEALTH) as Health[]).map((h) => (
              <Box key={h}>
                <Box variant="awsui-key-label">
                  <StatusIndicator type={HEALTH[h].type}>{HEALTH[h].label}</StatusIndicator>
                </Box>
                <Box variant="awsui-value-large">{count(h) ?? '-'}</Box>
              </Box>
            ))}
            <Box>
              <Box variant="awsui-key-label">Inventory as of</Box>
              <Box>{inventory.data ? (inventory.data.lastUpdated ? `${formatAge(inventory.data.lastUpdated, now)}` : 'never') : '-'}</Box>
            </Box>
          </ColumnLayout>
        </Container>
        <DataTable<InventoryServer & { key: string }>
          id="source-server-inventory"
          title="Source servers"
          noun={{ one: 'source server', many: 'source servers' }}
          items={rows?.map((s) => ({ ...s, key: `${s.accountId}/${s.region}/${s.sourceServerId}` }))}
          loading={inventory.isLoading}
          error={inventory.error}
          trackBy="key"
          defaultSort={{ column: 'lag', descending: true }}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Select ariaLabel="Account" selectedOption={account} onChange={({ detail }) => setAccount(detail.selectedOption)} options={optionsOf(servers?.map((s) => s.accountId) ?? [])} />
              <Select ariaLabel="Region" selectedOption={region} onChange={({ detail }) => setRegion(detail.selectedOption)} options={optionsOf(servers?.map((s) => s.region) ?? [])} />
              <Select ariaLabel="Health" selectedOption={health} onChange={({ detail }) => setHealth(detail.selectedOption)} options={[ALL, ...(Object.keys(HEALTH) as Health[]).map((h) => ({ value: h, label: HEALTH[h].label }))]} />
              <Button iconName="refresh" ariaLabel="Refresh inventory" onClick={() => void inventory.refetch()} />
            </SpaceBetween>
          }
          empty="No source server in the inventory. It fills at the next inventory sync (every 15 minutes)."
          columns={[
            { id: 'name', header: 'Server', cell: (s) => s.nameTag ?? s.hostname ?? s.sourceServerId, sortValue: (s) => s.nameTag ?? s.hostname ?? s.sourceServerId, isRowHeader: true, filterText: (s) => `${s.nameTag ?? ''} ${s.hostname ?? ''} ${s.fqdn ?? ''} ${s.network.ips.join(' ')} ${Object.entries(s.tags).map(([k, v]) => `${k}=${v}`).join(' ')}` },
            { id: 'sourceServerId', header: 'Source server', cell: (s) => s.sourceServerId, sortValue: (s) => s.sourceServerId },
            { id: 'accountId', header: 'Account', cell: (s) => s.accountId, sortValue: (s) => s.accountId },
            { id: 'region', header: 'Region', cell: (s) => s.region, sortValue: (s) => s.region },
            { id: 'replication', header: 'Replication', cell: (s) => <ReplicationStatus server={s} />, sortValue: (s) => s.health, filterText: (s) => `${s.replicationState} ${HEALTH[s.health].label}` },
            { id: 'lag', header: 'Lag', cell: (s) => formatSeconds(s.lagSeconds), sortValue: (s) => s.lagSeconds ?? -1 },
            { id: 'recoveryPoint', header: 'Recovery point age', cell: (s) => formatSeconds(s.recoveryPointAgeSeconds), sortValue: (s) => s.recoveryPointAgeSeconds ?? Number.MAX_SAFE_INTEGER },
            { id: 'lastSeen', header: 'Last seen', cell: (s) => (s.lastSeenByService ? <DateTime iso={s.lastSeenByService} /> : '-'), sortValue: (s) => timeValue(s.lastSeenByService) },
            { id: 'staging', header: 'Staging account', cell: (s) => s.stagingAccountId ?? '-', sortValue: (s) => s.stagingAccountId ?? '', visible: false },
            { id: 'os', header: 'OS', cell: (s) => s.hardware.os ?? '-', visible: false },
            { id: 'source', header: 'Source instance', cell: (s) => (s.sourceEc2?.instanceId ? `${s.sourceEc2.instanceId} (${s.sourceEc2.region ?? '?'})` : 'Not EC2'), visible: false },
            {
              id: 'original',
              header: 'Original region',
              cell: (s) => (s.topologyMissing ? <StatusIndicator type="warning">Unknown</StatusIndicator> : `${s.originalSourceRegion} (${s.originalAccountId})`),
              sortValue: (s) => s.originalSourceRegion ?? '',
              filterText: (s) => (s.topologyMissing ? 'topology unknown' : `${s.originalSourceRegion} ${s.originalAccountId}`),
            },
          ]}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}
