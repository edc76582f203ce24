/**
 * inventory-sync, run from the synthesized ASL on the local engine against the
 * embedded DynamoDB and the simulated estate (demo scenario). One named test
 * per path of state-machines/inventory-sync.ts, plus the original-topology
 * rule across syncs.
 */
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeJobsCommand, StartRecoveryCommand } from '@aws-sdk/client-drs';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RegionStatusRecord } from '../../contracts/records/region-status';
import { sourceServerInventoryRecordSchema, type SourceServerInventoryRecord } from '../../contracts/records/source-server-inventory';
import { invalidateActiveRegions } from '../../lib/regions/active-region-filter';
import { RegionStatusRepository } from '../../lib/repositories/region-status';
import { SourceServerInventoryRepository } from '../../lib/repositories/source-server-inventory';
import { schemaErrors } from '../../lib/validation';
import type { LocalPlatform } from '../../local/platform';
import { clients, credentialsOf } from '../integration/sim/helpers';
import { lambdaInvocations, runExecution, startTestPlatform, statesEntered } from '../support/platform';
import { platformTables } from '../support/tables';

let platform: LocalPlatform;
let tables: ReturnType<typeof platformTables>;
let inventory: SourceServerInventoryRepository;
let machineArn: string;
let syncArn: string;
let targetCount: number;

const fnArn = (entry: string) => platform.local.assembly.functions.find((f) => f.handler?.entry === entry)!.arn;
const calls = (operation: string) => platform.sim.calls().filter((c) => c.operation === operation).reduce((n, c) => n + c.count, 0);
const latestRun = async () => (await tables.syncRuns.latest('inventory-sync', 1))[0]!;
const regionStatus = () => new RegionStatusRepository(platform.tables.RegionStatus, tables.documents);
const inventoryRecords = async () => (await tables.scan('SourceServerInventory')).filter((i) => i.accountRegion !== '#SYNCED') as SourceServerInventoryRecord[];

const clearRegionStatus = async () => {
  for (const item of await tables.scan('RegionStatus')) {
    await tables.documents.send(new DeleteCommand({ TableName: platform.tables.RegionStatus, Key: { accountId: item.accountId, region: item.region } }));
  }
  invalidateActiveRegions();
};
/** Every registered account-region known to hold servers: the filter scans them all. */
const seedActiveRegions = async () => {
  await clearRegionStatus();
  const lastChecked = new Date(platform.clock.now()).toISOString();
  for (const account of platform.scenario.accounts) {
    for (const region of account.regions) await regionStatus().put({ accountId: account.accountId, region, serverCount: 1, initialized: true, lastChecked, lastError: null });
  }
  invalidateActiveRegions();
};
const clearInventory = async () => {
  for (const item of await tables.scan('SourceServerInventory')) {
    await tables.documents.send(new DeleteCommand({ TableName: platform.tables.SourceServerInventory, Key: { accountRegion: item.accountRegion, sourceServerId: item.sourceServerId } }));
  }
};

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  platform = await startTestPlatform();
  tables = platformTables(platform);
  inventory = new SourceServerInventoryRepository(platform.tables.SourceServerInventory, tables.documents);
  machineArn = platform.local.assembly.stateMachines.find((m) => m.name === 'inventory-sync')!.arn;
  syncArn = fnArn('tasks/inventory-sync/sync-inventory-account-region.ts');
  targetCount = platform.scenario.accounts.reduce((n, a) => n + a.regions.length, 0);
});

afterAll(async () => {
  tables?.close();
  expect(platform?.sim.conformanceViolations()).toEqual([]);
  await platform?.close();
});

beforeEach(async () => {
  platform.sim.setFaults([]);
  platform.sim.resetCalls();
  await seedActiveRegions();
});

describe('inventory-sync', () => {
  it('happy path: every server of every active account-region inventoried with its newest snapshot and original topology; region status, markers and run recorded', async () => {
    await clearInventory();
    const { description, history } = await runExecution(platform, machineArn, { trigger: 'manual', requestedBy: 'test' });
    expect(description.status).toBe('SUCCEEDED');
    expect(statesEntered(history)).toEqual(expect.arrayContaining(['BeginInventorySync', 'SyncAccountRegions', 'SyncInventoryAccountRegion', 'CompleteInventorySync', 'InventorySyncSucceeded']));
    expect(lambdaInvocations(history, syncArn)).toBe(targetCount);

    const records = await inventoryRecords();
    const servers = platform.scenario.sourceServerIds;
    expect(records.map((r) => r.sourceServerId).sort()).toEqual(servers.map((s) => s.sourceServerId).sort());
    for (const record of records) expect(schemaErrors(sourceServerInventoryRecordSchema, record)).toEqual([]);
    // One snapshot read per server; servers that replicated continuously have a recovery point.
    expect(calls('DescribeRecoverySnapshots')).toBe(servers.length);
    expect(records.filter((r) => r.lastSnapshotTime !== null).length).toBeGreaterThan(0);
    expect(records.every((r) => r.topologyMissing === false && r.originalAccountId !== null && r.originalSourceRegion !== null)).toBe(true);
    const fromEc2 = records.filter((r) => r.sourceEc2?.region);
    expect(fromEc2.length).toBeGreaterThan(0);
    for (const r of fromEc2) expect(r).toMatchObject({ topologySource: 'ec2-origin', originalSourceRegion: r.sourceEc2!.region, originalAccountId: r.sourceEc2!.accountId });
    expect(new Set(records.map((r) => r.replicationState)).size).toBeGreaterThan(1);

    // Region status: the counts DRS holds, zero included, written by the inventory.
    const statuses = (await tables.scan('RegionStatus')) as RegionStatusRecord[];
    for (const account of platform.scenario.accounts) {
      for (const region of account.regions) {
        const status = statuses.find((s) => s.accountId === account.accountId && s.region === region)!;
        expect(status).toMatchObject({ serverCount: servers.filter((s) => s.accountId === account.accountId && s.region === region).length, lastError: null, checkedBy: 'inventory-sync (active)' });
      }
    }
    const markers = await inventory.listMarkers();
    expect(markers).toHaveLength(targetCount);
    const run = await latestRun();
    expect(run).toMatchObject({ status: 'SUCCEEDED', regionsScanned: targetCount, instancesProcessed: servers.length, errors: [] });
    // Every server was new: each account-region with servers read its (one) replication configuration template once.
    const withServers = new Set(servers.map((x) => `${x.accountId}/${x.region}`)).size;
    expect(calls('DescribeReplicationConfigurationTemplates')).toBe(withServers);
    expect(records.every((r) => /^rct-[0-9a-zA-Z]{17}$/.test(r.originalReplicationConfigurationTemplateId ?? ''))).toBe(true);
    expect(run.counts).toMatchObject({ serversFound: servers.length, topologyCaptured: servers.length, topologyMissing: 0, drsCalls: calls('DescribeSourceServers') + servers.length + withServers });
    expect(JSON.parse(description.output!)).toMatchObject({ status: 'SUCCEEDED', serversFound: servers.length, regionsScanned: targetCount });
    expect(await tables.syncRuns.lockHolder('inventory-sync')).toBeUndefined();
  });

  it('empty region-status table: falls back to every registered region, with a warning, and fills the table so the next run filters', async () => {
    await clearRegionStatus();
    const { description, history } = await runExecution(platform, machineArn);
    expect(description.status).toBe('SUCCEEDED');
    expect(lambdaInvocations(history, syncArn)).toBe(targetCount);
    const statuses = (await tables.scan('RegionStatus')) as RegionStatusRecord[];
    expect(statuses).toHaveLength(targetCount);
    for (const status of statuses) expect(status).toMatchObject({ initialized: true, lastError: null, checkedBy: 'inventory-sync (fallback)' });
    expect(statuses.reduce((n, s) => n + s.serverCount, 0)).toBe(platform.scenario.sourceServerIds.length);

    // The completed run dropped the filter's cache: the next plan reads what this one wrote, and keeps only active regions.
    platform.sim.resetCalls();
    const next = await runExecution(platform, machineArn);
    expect(lambdaInvocations(next.history, syncArn)).toBe(statuses.filter((s) => s.serverCount > 0).length);
  });

  it('region status unreadable: every registered region is scanned, the unwritable status does not fail the sync', async () => {
    const client = tables.documents;
    const { Table } = await client.send(new DescribeTableCommand({ TableName: platform.tables.RegionStatus }));
    await client.send(new DeleteTableCommand({ TableName: platform.tables.RegionStatus }));
    invalidateActiveRegions();
    try {
      const { description, history } = await runExecution(platform, machineArn);
      expect(description.status).toBe('SUCCEEDED');
      expect(lambdaInvocations(history, syncArn)).toBe(targetCount);
      expect(await latestRun()).toMatchObject({ status: 'SUCCEEDED', errors: [] });
      expect(await inventoryRecords()).toHaveLength(platform.scenario.sourceServerIds.length);
    } finally {
      await client.send(new CreateTableCommand({ TableName: platform.tables.RegionStatus, KeySchema: Table!.KeySchema, AttributeDefinitions: Table!.AttributeDefinitions, BillingMode: 'PAY_PER_REQUEST' }));
    }
  });

  it('one account denied: AssumeRole fails for one account, its regions are caught and recorded as failed, the others inventoried, nothing retried', async () => {
    const denied = platform.scenario.accounts.find((a) => a.role && a.accountId !== platform.scenario.hubAccountId)!;
    const account = (await tables.targetAccounts.get(denied.accountId))!;
    await tables.targetAccounts.replace({ ...account, externalId: 'wrong-external-id', updatedAt: new Date().toISOString() }, account.updatedAt);
    try {
      const { description, history } = await runExecution(platform, machineArn);
      expect(description.status).toBe('SUCCEEDED');
      expect(statesEntered(history)).toContain('RecordTargetFailure');
      expect(lambdaInvocations(history, syncArn)).toBe(targetCount);
      const run = await latestRun();
      expect(run.status).toBe('PARTIAL');
      expect(run.errors).toHaveLength(denied.regions.length);
      for (const error of run.errors ?? []) expect(error).toMatchObject({ accountId: denied.accountId, errorName: 'AccessDeniedError' });
      const statuses = (await tables.scan('RegionStatus')) as RegionStatusRecord[];
      for (const region of denied.regions) {
        expect(statuses.find((s) => s.accountId === denied.accountId && s.region === region)!.lastError).toMatchObject({ errorName: 'AccessDeniedError' });
      }
    } finally {
      await tables.targetAccounts.replace({ ...account, updatedAt: new Date().toISOString() }, (await tables.targetAccounts.get(denied.accountId))!.updatedAt);
    }
  });

  it('throttling: DescribeSourceServers throttled past the SDK retries, the account-region is retried by the machine and succeeds', async () => {
    const target = platform.scenario.accounts.find((a) => a.accountId !== platform.scenario.hubAccountId)!;
    // The SDK makes 5 attempts: all five are throttled, so the task fails once with ThrottlingError.
    platform.sim.setFaults([{ service: 'drs', operation: 'DescribeSourceServers', accountId: target.accountId, region: target.regions[0], fault: 'throttle', retryAfterSeconds: 0, count: 5 }]);
    const { description, history } = await runExecution(platform, machineArn);
    expect(description.status).toBe('SUCCEEDED');
    const failures = history
      .filter((e) => e.type === 'LambdaFunctionFailed')
      .map((e) => (e as unknown as { lambdaFunctionFailedEventDetails: { error: string } }).lambdaFunctionFailedEventDetails.error);
    expect(failures).toEqual(['ThrottlingError']);
    expect(lambdaInvocations(history, syncArn)).toBe(targetCount + 1);
    expect((await latestRun()).status).toBe('SUCCEEDED');
  });

  it('AccessDenied from DRS is not retried and is caught for that account-region only', async () => {
    const target = platform.scenario.accounts.find((a) => a.accountId !== platform.scenario.hubAccountId)!;
    platform.sim.setFaults([{ service: 'drs', operation: 'DescribeSourceServers', accountId: target.accountId, region: target.regions[0], fault: 'access-denied' }]);
    const { description, history } = await runExecution(platform, machineArn);
    expect(description.status).toBe('SUCCEEDED');
    expect(lambdaInvocations(history, syncArn)).toBe(targetCount);
    expect((await latestRun()).errors).toEqual([expect.objectContaining({ accountId: target.accountId, region: target.regions[0], errorName: 'AccessDeniedError' })]);
  });

  it('overlapping start: a run started while another holds the lock skips itself', async () => {
    platform.sim.setFaults([{ service: 'drs', fault: 'latency', latencyMs: 300 }]);
    const first = platform.local.engine.startExecution({ stateMachineArn: machineArn, input: '{}' });
    await waitUntil(() => statesEntered(platform.local.engine.getExecutionHistory(first.executionArn).items).includes('SyncAccountRegions'));
    const second = await runExecution(platform, machineArn);
    expect(second.description.status).toBe('SUCCEEDED');
    expect(statesEntered(second.history)).toEqual(['BeginInventorySync', 'SkipOverlappingRun']);
    expect((await platform.local.engine.waitForExecution(first.executionArn, { timeoutMs: 60_000 })).status).toBe('SUCCEEDED');
    expect((await tables.syncRuns.latest('inventory-sync', 20)).filter((r) => r.executionArn === second.executionArn)).toEqual([]);
  });

  it('a recovered server keeps its original topology: captured once, never rewritten by later syncs', async () => {
    await runExecution(platform, machineArn);
    const target = platform.scenario.sourceServerIds.find((s) => s.accountId !== platform.scenario.hubAccountId)!;
    const before = (await inventory.listAccountRegion(target.accountId, target.region)).find((r) => r.sourceServerId === target.sourceServerId)!;
    expect(before).toMatchObject({ topologyMissing: false, originalAccountId: expect.any(String), topologyCapturedAt: expect.any(String) });

    // A real recovery of the server into its DR region (not a drill).
    const { drs } = clients(platform.sim, credentialsOf(platform.sim, target.accountId), target.region);
    const { job } = await drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: target.sourceServerId }], isDrill: false }));
    await waitUntil(async () => (await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [job!.jobID!] } }))).items?.[0]?.status === 'COMPLETED', 60_000);

    platform.sim.resetCalls();
    const { description } = await runExecution(platform, machineArn);
    expect(description.status).toBe('SUCCEEDED');
    // Nothing new: no template is read again.
    expect(calls('DescribeReplicationConfigurationTemplates')).toBe(0);
    const after = (await inventory.listAccountRegion(target.accountId, target.region)).find((r) => r.sourceServerId === target.sourceServerId)!;
    expect(before.originalReplicationConfigurationTemplateId).toMatch(/^rct-/);
    expect(after.launch).toMatchObject({ lastLaunchType: 'RECOVERY', lastLaunchJobId: job!.jobID });
    expect(after.lastUpdated > before.lastUpdated).toBe(true);
    expect(after).toMatchObject({
      originalSourceRegion: before.originalSourceRegion,
      originalAccountId: before.originalAccountId,
      originalReplicationConfigurationTemplateId: before.originalReplicationConfigurationTemplateId,
      topologySource: before.topologySource,
      topologyCapturedAt: before.topologyCapturedAt,
      topologyMissing: false,
    });
  });

  it('a legacy server (a record from before the topology fields) is warned and flagged, not guessed', async () => {
    await runExecution(platform, machineArn);
    const target = platform.scenario.sourceServerIds.find((s) => s.accountId !== platform.scenario.hubAccountId)!;
    const record = (await inventory.listAccountRegion(target.accountId, target.region)).find((r) => r.sourceServerId === target.sourceServerId)!;
    const { originalSourceRegion: _r, originalAccountId: _a, originalReplicationConfigurationTemplateId: _t, topologySource: _s, topologyCapturedAt: _c, topologyMissing: _m, ...legacy } = record;
    await tables.documents.send(new PutCommand({ TableName: platform.tables.SourceServerInventory, Item: legacy }));

    const { description } = await runExecution(platform, machineArn);
    expect(description.status).toBe('SUCCEEDED');
    const after = (await inventory.listAccountRegion(target.accountId, target.region)).find((r) => r.sourceServerId === target.sourceServerId)!;
    expect(after).toMatchObject({ topologyMissing: true, originalSourceRegion: null, originalAccountId: null, topologySource: null });
    const run = await latestRun();
    expect(run.counts).toMatchObject({ topologyMissing: 1 });
    const warned = run.targets!.find((t) => t.accountId === target.accountId && t.region === target.region)!;
    expect(warned.warnings).toEqual([expect.stringContaining(`${target.sourceServerId}: original topology unknown`)]);
  });

  it('unregistered account-region: its records and freshness marker are removed by the next run, registered ones kept', async () => {
    await runExecution(platform, machineArn);
    const account = platform.scenario.accounts.find((a) => a.accountId !== platform.scenario.hubAccountId && a.regions.length > 1)!;
    const dropped = account.regions[account.regions.length - 1]!;
    const current = (await tables.targetAccounts.get(account.accountId))!;
    expect(await inventory.listAccountRegion(account.accountId, dropped)).not.toHaveLength(0);
    await tables.targetAccounts.replace({ ...current, regions: account.regions.filter((r) => r !== dropped), updatedAt: new Date().toISOString() }, current.updatedAt);
    try {
      const { description } = await runExecution(platform, machineArn);
      expect(description.status).toBe('SUCCEEDED');
      expect(await inventory.listAccountRegion(account.accountId, dropped)).toEqual([]);
      const markers = await inventory.listMarkers();
      expect(markers.some((m) => m.accountId === account.accountId && m.region === dropped)).toBe(false);
      expect(markers.filter((m) => m.accountId === account.accountId)).toHaveLength(account.regions.length - 1);
      expect(await inventory.listAccountRegion(account.accountId, account.regions[0]!)).not.toHaveLength(0);
    } finally {
      const now = (await tables.targetAccounts.get(account.accountId))!;
      await tables.targetAccounts.replace({ ...now, regions: account.regions, updatedAt: new Date().toISOString() }, now.updatedAt);
    }
  });

  it('stopped run released: StopExecution aborts the run; the execution-ended rule records ABORTED and releases the lock', async () => {
    platform.sim.setFaults([{ service: 'drs', fault: 'latency', latencyMs: 300 }]);
    const { executionArn } = platform.local.engine.startExecution({ stateMachineArn: machineArn, input: '{}' });
    await waitUntil(() => statesEntered(platform.local.engine.getExecutionHistory(executionArn).items).includes('SyncAccountRegions'));
    platform.local.engine.stopExecution(executionArn, { error: 'Cancelled', cause: 'test' });
    expect((await platform.local.engine.waitForExecution(executionArn)).status).toBe('ABORTED');
    await platform.events.settled();
    const [run] = (await tables.syncRuns.latest('inventory-sync', 20)).filter((r) => r.executionArn === executionArn);
    expect(run).toMatchObject({ status: 'ABORTED', endedAt: expect.any(String) });
    expect(await tables.syncRuns.lockHolder('inventory-sync')).toBeUndefined();
  });
});

describe('inventory-sync API', () => {
  it('POST /drs/inventory/sync starts a run (202); GET /drs/inventory/sync/status shows it with its counts', async () => {
    const api = async (method: string, path: string) => {
      const response = await fetch(`${platform.urls.api}${path}`, { method, headers: { Authorization: `Bearer ${platform.adminToken}` } });
      return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
    };
    const started = await api('POST', '/drs/inventory/sync');
    expect(started.status).toBe(202);
    expect((await platform.local.engine.waitForExecution(started.body.executionArn, { timeoutMs: 60_000 })).status).toBe('SUCCEEDED');
    const status = await api('GET', '/drs/inventory/sync/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ running: false, lastCompletedRun: { executionArn: started.body.executionArn, status: 'SUCCEEDED', counts: { serversFound: platform.scenario.sourceServerIds.length } } });
  });
});
