import { act, screen, within } from '@testing-library/react';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { afterEach, describe, expect, it } from 'vitest';
import type { DrsReplication, InventoryServer, SourceServerInventoryList } from '../src/api/types';
import { DashboardPage } from '../src/pages/Dashboard';
import { formatSeconds, InventoryPage } from '../src/pages/Inventory';
import { PAGES } from '../src/routes';
import { fakeFetch, renderWithApp } from './helpers';

afterEach(() => localStorage.clear());

const server = (n: number, fields: Partial<InventoryServer> = {}): InventoryServer => ({
  sourceServerId: `s-${n.toString(16).padStart(17, '0')}`,
  accountId: '222222222222',
  region: 'us-east-1',
  arn: null,
  hostname: `host-${n}`,
  fqdn: null,
  nameTag: `web-${n}`,
  replicationState: 'CONTINUOUS',
  replicationDirection: 'FAILOVER',
  lagDuration: 'PT30S',
  lagSeconds: 30,
  etaDateTime: null,
  replicationError: null,
  lastSeenByService: '2026-12-01T09:59:30.000Z',
  lastSnapshotTime: '2026-12-01T09:50:00.000Z',
  lastSnapshotId: 'pit-1',
  stagingAccountId: '222222222222',
  stagingAreaStatus: 'NOT_EXTENDED',
  hardware: { cpus: [], cpuCores: 2, ramBytes: 1, disks: [], totalDiskBytes: 1, os: 'Linux', recommendedInstanceType: null },
  network: { primaryIp: `10.0.0.${n}`, ips: [`10.0.0.${n}`], interfaces: [] },
  tags: { App: 'shop' },
  launch: { lastLaunchResult: 'NOT_STARTED', lastLaunchType: null, lastLaunchStatus: null, lastLaunchJobId: null, lastLaunchAt: null },
  sourceEc2: null,
  lifeCycle: { addedToService: null, firstByte: null, elapsedReplicationDuration: null },
  recoveryInstanceId: null,
  reversedDirectionSourceServerArn: null,
  originalSourceRegion: 'us-east-2',
  originalAccountId: '333333333333',
  originalReplicationConfigurationTemplateId: null,
  topologySource: 'ec2-origin',
  topologyCapturedAt: '2026-11-01T00:00:00.000Z',
  topologyMissing: false,
  lastUpdated: '2026-12-01T10:00:00.000Z',
  lastUpdatedBy: 'inventory-sync',
  health: 'READY',
  displayState: 'READY_FOR_RECOVERY',
  recoveryPointAgeSeconds: 600,
  ...fields,
});

const LIST: SourceServerInventoryList = {
  servers: [
    server(1),
    server(2, { replicationState: 'BACKLOG', lagSeconds: 5400, health: 'LAGGING', displayState: 'SYNCING', region: 'eu-west-1' }),
    server(3, { replicationState: 'DISCONNECTED', lagSeconds: 90_000, health: 'STALLED', displayState: 'DISCONNECTED', topologyMissing: true, originalSourceRegion: null, originalAccountId: null }),
  ],
  count: 3,
  nextToken: null,
  source: 'inventory',
  lastUpdated: '2026-12-01T10:00:00.000Z',
  staleRegions: [],
};

function rowsOf(): string[][] {
  return within(screen.getByRole('table', { name: /Source servers/ }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('td, th')].map((cell) => (cell.textContent ?? '').trim()));
}

describe('Inventory page', () => {
  it("is the Estate section's Inventory entry", () => {
    expect(PAGES.find((p) => p.id === 'inventory')).toMatchObject({ path: '/estate/inventory', nav: { section: 'Estate' }, page: { kind: 'module' } });
  });

  it('lists the servers, most lag first, with replication state and health, lag, recovery point age and original region; warns of a missing topology; filters by health and by text', async () => {
    const fake = fakeFetch({ 'GET /api/drs/source-server-inventory': LIST });
    renderWithApp(<InventoryPage />, { role: 'ReadOnly', fetch: fake.fetch, path: '/estate/inventory' });
    await screen.findByText('web-1');
    expect(fake.calls[0]!.url).toContain('limit=1000');
    const rows = rowsOf();
    expect(rows.map((r) => r[0])).toEqual(['web-3', 'web-2', 'web-1']);
    expect(rows[2]).toEqual(['web-1', 's-00000000000000001', '222222222222', 'us-east-1', 'Continuous', '30s', '10m', expect.any(String), 'us-east-2 (333333333333)']);
    expect(rows[0]![4]).toBe('Disconnected');
    expect(rows[0]![8]).toBe('Unknown');
    expect(rows[1]![5]).toBe('1h 30m');
    expect(screen.getByText('1 source server without original topology')).toBeTruthy();

    const wrapper = createWrapper();
    await act(async () => wrapper.findTable()!.findTextFilter()!.findInput().setInputValue('10.0.0.2'));
    expect(rowsOf().map((r) => r[0])).toEqual(['web-2']);
    await act(async () => wrapper.findTable()!.findTextFilter()!.findInput().setInputValue(''));
    const healthSelect = wrapper.findSelect('[aria-label="Health"]') ?? wrapper.findAllSelects()[2]!;
    await act(async () => healthSelect.openDropdown());
    await act(async () => healthSelect.selectOptionByValue('STALLED'));
    expect(rowsOf().map((r) => r[0])).toEqual(['web-3']);
  });

  it('says which account-regions were read from DRS because their inventory was stale', async () => {
    const stale: SourceServerInventoryList = { ...LIST, source: 'mixed', staleRegions: [{ accountId: '222222222222', region: 'eu-west-1', lastUpdated: null, servedBy: 'drs', error: null }] };
    renderWithApp(<InventoryPage />, { role: 'ReadOnly', fetch: fakeFetch({ 'GET /api/drs/source-server-inventory': stale }).fetch, path: '/estate/inventory' });
    await screen.findByText('Some account-regions were read from DRS');
    expect(screen.getByText(/222222222222\/eu-west-1/)).toBeTruthy();
  });

  it('formats durations as the two largest units', () => {
    expect([formatSeconds(null), formatSeconds(0), formatSeconds(59), formatSeconds(3600), formatSeconds(90_061)]).toEqual(['-', '0s', '59s', '1h', '1d 1h']);
  });
});

describe('Dashboard replication health', () => {
  it('shows how many servers are ready to recover now, lagging and stalled, from GET /drs/replication', async () => {
    const replication: DrsReplication = { servers: [], summary: { total: 10, readyToRecover: 7, lagging: 2, stalled: 1, notReady: 0, byState: {} }, source: 'inventory', lastUpdated: null, staleRegions: [] };
    renderWithApp(<DashboardPage />, {
      role: 'ReadOnly',
      fetch: fakeFetch({
        'GET /api/recovery-plans': { items: [] },
        'GET /api/accounts/targets': { items: [] },
        'GET /api/drs/recovery-instance-sync/status': { lastRun: null, lastCompletedRun: null, running: false, recentRuns: [] },
        'GET /api/drs/recovery-instances/facets': { total: 0, executions: [], accounts: [], regions: [], states: [] },
        'GET /api/drs/replication': replication,
      }).fetch,
      path: '/',
    });
    await screen.findByText('7 of 10');
    expect(screen.getByText('Lagging').parentElement?.textContent).toContain('2');
    expect(screen.getByText('Stalled').parentElement?.textContent).toContain('1');
  });
});
