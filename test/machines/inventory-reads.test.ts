/**
 * Inventory-first reads through the local API (read function) against the
 * embedded DynamoDB and the simulated estate (demo scenario): fresh
 * account-regions are served from the inventory with 0 DRS calls (the sim's
 * call counter), stale ones from DRS with the original topology kept.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { sourceServerInventoryRecordSchema } from '../../contracts/records/source-server-inventory';
import { invalidateActiveRegions } from '../../lib/regions/active-region-filter';
import { SourceServerInventoryRepository, SYNC_MARKER_PARTITION } from '../../lib/repositories/source-server-inventory';
import type { LocalPlatform } from '../../local/platform';
import { runExecution, startTestPlatform } from '../support/platform';
import { platformTables } from '../support/tables';

let platform: LocalPlatform;
let tables: ReturnType<typeof platformTables>;
let inventory: SourceServerInventoryRepository;

const drsCalls = (operation?: string) => platform.sim.calls().filter((c) => c.service === 'drs' && (!operation || c.operation === operation)).reduce((n, c) => n + c.count, 0);

async function api(path: string) {
  const response = await fetch(`${platform.urls.api}${path}`, { headers: { Authorization: `Bearer ${platform.adminToken}` } });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
}

/** Every page of the inventory listing. */
async function listAll(query: string, limit = 7): Promise<{ servers: any[]; pages: any[] }> {
  const servers: any[] = [];
  const pages: any[] = [];
  let token: string | null = null;
  do {
    const res = await api(`/drs/source-server-inventory?limit=${limit}${query ? `&${query}` : ''}${token ? `&nextToken=${token}` : ''}`);
    expect(res.status).toBe(200);
    pages.push(res.body);
    servers.push(...res.body.servers);
    token = res.body.nextToken;
  } while (token);
  return { servers, pages };
}

/** Makes every account-region's inventory look `ageMinutes` old. */
async function ageMarkers(ageMinutes: number) {
  const lastUpdated = new Date(platform.clock.now() - ageMinutes * 60_000).toISOString();
  for (const marker of await inventory.listMarkers()) {
    await tables.documents.send(new PutCommand({
      TableName: platform.tables.SourceServerInventory,
      Item: { accountRegion: SYNC_MARKER_PARTITION, sourceServerId: `${marker.accountId}#${marker.region}`, ...marker, lastUpdated },
    }));
  }
}

beforeAll(async () => {
  platform = await startTestPlatform();
  tables = platformTables(platform);
  inventory = new SourceServerInventoryRepository(platform.tables.SourceServerInventory, tables.documents);
  invalidateActiveRegions();
  const machine = platform.local.assembly.stateMachines.find((m) => m.name === 'inventory-sync')!;
  expect((await runExecution(platform, machine.arn)).description.status).toBe('SUCCEEDED');
});

afterAll(async () => {
  tables?.close();
  expect(platform?.sim.conformanceViolations()).toEqual([]);
  await platform?.close();
});

beforeEach(() => {
  platform.sim.setFaults([]);
  platform.sim.resetCalls();
});

describe('inventory-first reads', () => {
  it('fresh inventory: the listing pages every server from the inventory, with health and original topology, and makes 0 DRS calls', async () => {
    const { servers, pages } = await listAll('');
    expect(servers.map((s) => s.sourceServerId).sort()).toEqual(platform.scenario.sourceServerIds.map((s) => s.sourceServerId).sort());
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toMatchObject({ source: 'inventory', staleRegions: [], lastUpdated: expect.any(String) });
    for (const server of servers) {
      expect(server.accountRegion).toBeUndefined();
      expect(['READY', 'LAGGING', 'STALLED', 'NOT_READY']).toContain(server.health);
      expect(server).toMatchObject({ topologyMissing: false, originalAccountId: expect.stringMatching(/^\d{12}$/) });
    }
    expect(drsCalls()).toBe(0);
  });

  it('filters: account and region (one partition), replication state and tag, server-side', async () => {
    const { accountId, region } = platform.scenario.sourceServerIds.find((s) => s.accountId !== platform.scenario.hubAccountId)!;
    const inRegion = platform.scenario.sourceServerIds.filter((s) => s.accountId === accountId && s.region === region);
    const keyed = await listAll(`accountId=${accountId}&region=${region}`, 1000);
    expect(keyed.servers.map((s) => s.sourceServerId).sort()).toEqual(inRegion.map((s) => s.sourceServerId).sort());

    const all = (await listAll('', 1000)).servers;
    const state = all[0].replicationState;
    expect((await listAll(`replicationState=${state}`, 1000)).servers.map((s) => s.sourceServerId).sort()).toEqual(all.filter((s) => s.replicationState === state).map((s) => s.sourceServerId).sort());
    const [key, value] = Object.entries(all[0].tags as Record<string, string>)[0]!;
    const tagged = (await listAll(`tag=${encodeURIComponent(`${key}=${value}`)}`, 1000)).servers;
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged.every((s) => s.tags[key] === value)).toBe(true);
    expect(tagged.length).toBe(all.filter((s) => s.tags[key] === value).length);
    expect(drsCalls()).toBe(0);

    expect((await api('/drs/source-server-inventory?nextToken=bm9wZQ')).status).toBe(400);
    expect((await api('/drs/source-server-inventory?replicationState=HAPPY')).status).toBe(400);
  });

  it('source servers (original shape) and replication (with the health summary) are served from a fresh inventory with 0 DRS calls', async () => {
    const group = platform.scenario.protectionGroups[0]!;
    const picker = await api(`/drs/source-servers?region=${group.region}&accountId=${group.accountId}`);
    expect(picker.status).toBe(200);
    expect(picker.body).toMatchObject({ region: group.region, source: 'inventory', serverCount: picker.body.servers.length });
    const inGroup = picker.body.servers.filter((s: any) => group.sourceServerIds.includes(s.sourceServerID));
    expect(inGroup.length).toBe(group.sourceServerIds.length);
    for (const s of inGroup) expect(s).toMatchObject({ assignedToProtectionGroup: { protectionGroupId: group.id }, selectable: false });
    // The group being edited keeps its own servers selectable.
    const editing = await api(`/drs/source-servers?region=${group.region}&accountId=${group.accountId}&currentProtectionGroupId=${group.id}`);
    expect(editing.body.servers.filter((s: any) => group.sourceServerIds.includes(s.sourceServerID)).every((s: any) => s.selectable)).toBe(true);
    expect(picker.body.sourceServers[0]).toMatchObject({ sourceServerID: expect.any(String), dataReplicationInfo: expect.any(Object) });

    const replication = await api('/drs/replication');
    expect(replication.status).toBe(200);
    const { summary, servers } = replication.body;
    expect(summary.total).toBe(platform.scenario.sourceServerIds.length);
    expect(summary.readyToRecover + summary.lagging + summary.stalled + summary.notReady).toBe(summary.total);
    expect(summary.readyToRecover).toBe(servers.filter((s: any) => s.health === 'READY').length);
    expect(servers.some((s: any) => s.recoveryPointAgeSeconds !== null)).toBe(true);
    expect(drsCalls()).toBe(0);
  });

  it('stale inventory: the read asks DRS (no snapshot calls), says so, and keeps the original topology and last snapshot from the inventory', async () => {
    const before = new Map((await listAll('', 1000)).servers.map((s) => [s.sourceServerId, s]));
    await ageMarkers(20);
    platform.sim.resetCalls();
    const { servers, pages } = await listAll('', 1000);
    expect(pages[0]).toMatchObject({ source: 'drs' });
    expect(pages[0].staleRegions.length).toBeGreaterThan(0);
    expect(pages[0].staleRegions.every((r: any) => r.servedBy === 'drs' && r.error === null)).toBe(true);
    expect(drsCalls('DescribeSourceServers')).toBe(pages[0].staleRegions.length);
    expect(drsCalls('DescribeRecoverySnapshots')).toBe(0);
    expect(servers).toHaveLength(before.size);
    for (const server of servers) {
      const kept = before.get(server.sourceServerId);
      expect(server).toMatchObject({
        lastUpdatedBy: 'read-fallback',
        originalAccountId: kept.originalAccountId,
        originalSourceRegion: kept.originalSourceRegion,
        topologyCapturedAt: kept.topologyCapturedAt,
        lastSnapshotTime: kept.lastSnapshotTime,
      });
      expect(sourceServerInventoryRecordSchema.required.filter((k) => k !== 'accountRegion' && !(k in server))).toEqual([]);
    }
    // The read function writes nothing: the inventory still looks stale until the next sync.
    expect((await inventory.listMarkers()).every((m) => Date.parse(m.lastUpdated) < platform.clock.now() - 15 * 60_000)).toBe(true);
  });

  it('stale inventory and DRS denied: what the inventory holds is served for that account-region, with the error', async () => {
    await ageMarkers(20);
    const { accountId, region } = platform.scenario.sourceServerIds.find((s) => s.accountId !== platform.scenario.hubAccountId)!;
    platform.sim.setFaults([{ service: 'drs', operation: 'DescribeSourceServers', accountId, region, fault: 'access-denied' }]);
    const res = await api(`/drs/source-server-inventory?accountId=${accountId}&region=${region}&limit=1000`);
    expect(res.status).toBe(200);
    expect(res.body.staleRegions).toEqual([expect.objectContaining({ accountId, region, servedBy: 'inventory', error: expect.stringContaining('AccessDenied') })]);
    expect(res.body.servers.length).toBe(platform.scenario.sourceServerIds.filter((s) => s.accountId === accountId && s.region === region).length);
  });
});
