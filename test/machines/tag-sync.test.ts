/**
 * tag-sync, run from the synthesized ASL on the local engine against the
 * embedded DynamoDB and the simulated estate (demo scenario: every EC2-origin
 * source server's instance lives in its origin region with a CostCentre tag
 * DRS has not seen and an aws: tag that must never be copied).
 * One named test per path of state-machines/tag-sync.ts.
 */
import { DescribeSourceServersCommand } from '@aws-sdk/client-drs';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { invalidateActiveRegions } from '../../lib/regions/active-region-filter';
import { RegionStatusRepository } from '../../lib/repositories/region-status';
import { TagSyncSettingsRepository } from '../../lib/repositories/tag-sync-settings';
import type { LocalPlatform } from '../../local/platform';
import { ORIGIN_REGION } from '../../local/sim/scenarios/catalog';
import { lambdaInvocations, runExecution, startTestPlatform, statesEntered } from '../support/platform';
import { platformTables } from '../support/tables';
import { clients, credentialsOf } from '../integration/sim/helpers';

let platform: LocalPlatform;
let tables: ReturnType<typeof platformTables>;
let tagSyncArn: string;
let planArn: string;
let targetCount: number;

const fnArn = (entry: string) => platform.local.assembly.functions.find((f) => f.handler?.entry === entry)!.arn;
const settings = () => new TagSyncSettingsRepository(platform.tables.SyncRuns, tables.documents);
const calls = (operation: string) => platform.sim.calls().filter((c) => c.operation === operation).reduce((n, c) => n + c.count, 0);
const latestRun = async () => (await tables.syncRuns.latest('tag-sync', 1))[0]!;

beforeAll(async () => {
  platform = await startTestPlatform();
  tables = platformTables(platform);
  tagSyncArn = platform.local.assembly.stateMachines.find((m) => m.name === 'tag-sync')!.arn;
  planArn = fnArn('tasks/tag-sync/plan-account-region-tags.ts');
  targetCount = platform.scenario.accounts.reduce((n, a) => n + a.regions.length, 0);
  // Every registered account-region known to hold servers: the filter scans them all.
  const regionStatus = new RegionStatusRepository(platform.tables.RegionStatus, tables.documents);
  for (const item of await tables.scan('RegionStatus')) {
    await tables.documents.send(new DeleteCommand({ TableName: platform.tables.RegionStatus, Key: { accountId: item.accountId, region: item.region } }));
  }
  const lastChecked = new Date(platform.clock.now()).toISOString();
  for (const account of platform.scenario.accounts) {
    for (const region of account.regions) await regionStatus.put({ accountId: account.accountId, region, serverCount: 1, initialized: true, lastChecked, lastError: null });
  }
  invalidateActiveRegions();
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

async function faultRules(): Promise<Array<{ count?: number }>> {
  const res = await fetch(`${platform.urls.sim}/_sim/faults`);
  return ((await res.json()) as { rules: Array<{ count?: number }> }).rules;
}

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('tag-sync', () => {
  it('disabled (the default): ends at once with a clear output, reads and writes nothing, records no run', async () => {
    const { description, history } = await runExecution(platform, tagSyncArn, { trigger: 'schedule' });
    expect(description.status).toBe('SUCCEEDED');
    expect(statesEntered(history)).toEqual(['BeginTagSync', 'IsEnabled', 'TagSyncDisabled']);
    expect(JSON.parse(description.output!)).toMatchObject({ enabled: false, status: 'DISABLED', message: expect.stringContaining('disabled') });
    expect(platform.sim.calls().filter((c) => c.service === 'drs' || c.service === 'ec2')).toEqual([]);
    expect(await tables.syncRuns.latest('tag-sync', 5)).toEqual([]);
  });

  it('happy path: copies the instance tags (never aws:) to every EC2-origin source server and records the run', async () => {
    await settings().put({ enabled: true, includePrefixes: [], excludePrefixes: [] });
    const { description, history } = await runExecution(platform, tagSyncArn, { trigger: 'manual', requestedBy: 'test' });
    expect(description.status).toBe('SUCCEEDED');
    expect(statesEntered(history)).toEqual(expect.arrayContaining(['BeginTagSync', 'SyncAccountRegions', 'PlanAccountRegionTags', 'ApplySourceServerTags', 'CompleteTagSync', 'TagSyncSucceeded']));
    expect(lambdaInvocations(history, planArn)).toBe(targetCount);
    const run = await latestRun();
    expect(run).toMatchObject({ status: 'SUCCEEDED', regionsScanned: targetCount, errors: [] });
    const awsOrigin = platform.scenario.sourceServerIds.length; // upper bound: on-premises servers are not checked
    expect(run.counts!.serversTagged).toBeGreaterThan(0);
    expect(run.counts!.serversTagged).toBeLessThanOrEqual(awsOrigin);
    expect(run.counts!.serversChecked).toBe(run.counts!.serversTagged);
    expect(calls('TagResource')).toBe(run.counts!.serversTagged);
    // The EC2 reads happen where the instances live: the origin regions, not the DRS ones.
    const describeTagsRegions = new Set(platform.sim.calls().filter((c) => c.operation === 'DescribeTags').map((c) => c.region));
    expect([...describeTagsRegions].some((r) => !platform.scenario.accounts.some((a) => a.regions.includes(r)))).toBe(true);
    expect(JSON.parse(description.output!)).toMatchObject({ status: 'SUCCEEDED', serversTagged: run.counts!.serversTagged });
    const account = platform.scenario.accounts.find((a) => a.accountId !== platform.scenario.hubAccountId)!;
    const { drs } = clients(platform.sim, credentialsOf(platform.sim, account.accountId), account.regions[0]);
    const servers = (await drs.send(new DescribeSourceServersCommand({}))).items!;
    const fromEc2 = servers.filter((s) => s.sourceCloudProperties?.originAccountID);
    expect(fromEc2.length).toBeGreaterThan(0);
    for (const server of fromEc2) expect(server.tags).toMatchObject({ CostCentre: `cc-${server.tags!.Application}` });
    expect(servers.flatMap((s) => Object.keys(s.tags ?? {})).filter((k) => k.startsWith('aws:'))).toEqual([]);
    expect(servers.filter((s) => !s.sourceCloudProperties?.originAccountID).every((s) => s.tags!.CostCentre === undefined)).toBe(true);
  });

  it('nothing changed: a second run makes no TagResource call and counts the calls saved', async () => {
    const { description } = await runExecution(platform, tagSyncArn, { trigger: 'schedule' });
    expect(description.status).toBe('SUCCEEDED');
    expect(calls('TagResource')).toBe(0);
    const run = await latestRun();
    expect(run.counts).toMatchObject({ serversTagged: 0 });
    expect(run.counts!.serversUnchanged).toBe(run.counts!.serversChecked);
    expect(run.counts!.serversUnchanged).toBeGreaterThan(0);
  });

  it('one account denied: AssumeRole fails for one account, the others are synced, nothing is retried', async () => {
    const denied = platform.scenario.accounts.find((a) => a.role && a.accountId !== platform.scenario.hubAccountId)!;
    const account = (await tables.targetAccounts.get(denied.accountId))!;
    await tables.targetAccounts.replace({ ...account, externalId: 'wrong-external-id', updatedAt: new Date().toISOString() }, account.updatedAt);
    try {
      const { description, history } = await runExecution(platform, tagSyncArn);
      expect(description.status).toBe('SUCCEEDED');
      expect(statesEntered(history)).toContain('RecordTargetFailure');
      expect(lambdaInvocations(history, planArn)).toBe(targetCount);
      const run = await latestRun();
      expect(run.status).toBe('PARTIAL');
      expect(run.errors).toHaveLength(denied.regions.length);
      for (const error of run.errors ?? []) expect(error).toMatchObject({ accountId: denied.accountId, errorName: 'AccessDeniedError' });
    } finally {
      await tables.targetAccounts.replace({ ...account, updatedAt: new Date().toISOString() }, (await tables.targetAccounts.get(denied.accountId))!.updatedAt);
    }
  });

  it('throttling: EC2 DescribeTags throttled past the SDK retries, the account-region is planned again and succeeds', async () => {
    // The SDK makes 5 attempts: all five of one origin account-region's reads are throttled, so its plan fails once.
    const target = platform.scenario.accounts.find((a) => a.accountId !== platform.scenario.hubAccountId)!;
    const origin = ORIGIN_REGION[target.regions[0]!]!;
    platform.sim.setFaults([{ service: 'ec2', operation: 'DescribeTags', accountId: target.accountId, region: origin, fault: 'throttle', retryAfterSeconds: 0, count: 5 }]);
    const { description, history } = await runExecution(platform, tagSyncArn);
    expect(description.status).toBe('SUCCEEDED');
    expect((await faultRules())[0]!.count).toBe(0);
    const failures = history.filter((e) => e.type === 'LambdaFunctionFailed').map((e) => (e as unknown as { lambdaFunctionFailedEventDetails: { error: string } }).lambdaFunctionFailedEventDetails.error);
    expect(failures).toEqual(['ThrottlingError']);
    expect(lambdaInvocations(history, planArn)).toBe(targetCount + 1);
    expect((await latestRun()).status).toBe('SUCCEEDED');
  });

  it('AccessDenied from DRS is not retried and is caught for that account-region only', async () => {
    const target = platform.scenario.accounts.find((a) => a.accountId !== platform.scenario.hubAccountId)!;
    platform.sim.setFaults([{ service: 'drs', operation: 'DescribeSourceServers', accountId: target.accountId, region: target.regions[0], fault: 'access-denied' }]);
    const { description, history } = await runExecution(platform, tagSyncArn);
    expect(description.status).toBe('SUCCEEDED');
    expect(lambdaInvocations(history, planArn)).toBe(targetCount);
    const run = await latestRun();
    expect(run.status).toBe('PARTIAL');
    expect(run.errors).toEqual([expect.objectContaining({ accountId: target.accountId, region: target.regions[0], errorName: 'AccessDeniedError' })]);
  });

  it('region status unwritable alone: a rechecked region whose status write fails is still planned, and the run succeeds', async () => {
    const target = platform.scenario.accounts.find((a) => a.accountId !== platform.scenario.hubAccountId)!;
    const quiet = { accountId: target.accountId, region: target.regions[0]! };
    const regionStatus = new RegionStatusRepository(platform.tables.RegionStatus, tables.documents);
    const staleCheck = new Date(platform.clock.now() - 6 * 3_600_000 - 60_000).toISOString();
    await regionStatus.put({ ...quiet, serverCount: 0, initialized: true, lastChecked: staleCheck, lastError: null });
    invalidateActiveRegions();
    // The table reads fine (the filter works from it); only writing a status fails.
    platform.dynamodbFaults.setFaults([{ operation: 'PutItem', table: platform.tables.RegionStatus, fault: 'access-denied' }]);
    try {
      const { description, history } = await runExecution(platform, tagSyncArn);
      expect(description.status).toBe('SUCCEEDED');
      // Only the rechecked region learns a status, and its write was refused once, not retried.
      expect(platform.dynamodbFaults.hits()).toEqual([1]);
      expect(lambdaInvocations(history, planArn)).toBe(targetCount);
      expect(await latestRun()).toMatchObject({ status: 'SUCCEEDED', regionsScanned: targetCount, errors: [] });
      const status = (await tables.scan('RegionStatus')).find((s) => s.accountId === quiet.accountId && s.region === quiet.region);
      expect(status).toMatchObject({ serverCount: 0, lastChecked: staleCheck });
    } finally {
      platform.dynamodbFaults.setFaults([]);
      await regionStatus.put({ ...quiet, serverCount: 1, initialized: true, lastChecked: new Date(platform.clock.now()).toISOString(), lastError: null });
      invalidateActiveRegions();
    }
  });

  it('overlapping start: a run started while another holds the lock skips itself', async () => {
    platform.sim.setFaults([{ service: 'drs', fault: 'latency', latencyMs: 400 }]);
    const first = platform.local.engine.startExecution({ stateMachineArn: tagSyncArn, input: '{}' });
    await waitUntil(() => statesEntered(platform.local.engine.getExecutionHistory(first.executionArn).items).includes('SyncAccountRegions'));
    const second = await runExecution(platform, tagSyncArn);
    expect(second.description.status).toBe('SUCCEEDED');
    expect(statesEntered(second.history)).toEqual(['BeginTagSync', 'SkipOverlappingRun']);
    expect((await platform.local.engine.waitForExecution(first.executionArn, { timeoutMs: 60_000 })).status).toBe('SUCCEEDED');
    expect((await tables.syncRuns.latest('tag-sync', 20)).filter((r) => r.executionArn === second.executionArn)).toEqual([]);
  });

  it('stopped run released: StopExecution aborts the run; the execution-ended rule records ABORTED and releases the lock', async () => {
    platform.sim.setFaults([{ service: 'drs', fault: 'latency', latencyMs: 400 }]);
    const { executionArn } = platform.local.engine.startExecution({ stateMachineArn: tagSyncArn, input: '{}' });
    await waitUntil(() => statesEntered(platform.local.engine.getExecutionHistory(executionArn).items).includes('SyncAccountRegions'));
    platform.local.engine.stopExecution(executionArn, { error: 'Cancelled', cause: 'test' });
    expect((await platform.local.engine.waitForExecution(executionArn)).status).toBe('ABORTED');
    await platform.events.settled();
    const [run] = (await tables.syncRuns.latest('tag-sync', 20)).filter((r) => r.executionArn === executionArn);
    expect(run).toMatchObject({ status: 'ABORTED', endedAt: expect.any(String) });
    expect(await tables.syncRuns.lockHolder('tag-sync')).toBeUndefined();

    platform.sim.setFaults([]);
    // As in Lambda, the stopped run's invocations go on and tag servers; later tests must not see them land.
    await platform.local.lambda.settled();
    const next = await runExecution(platform, tagSyncArn);
    expect(statesEntered(next.history)).toContain('SyncAccountRegions');
    expect(next.description.status).toBe('SUCCEEDED');
  });

  it('settings API: aws: prefixes are refused with 400, the stored settings are what GET and the runs read, POST starts a run (202)', async () => {
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${platform.urls.api}${path}`, {
        method,
        headers: { Authorization: `Bearer ${platform.adminToken}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
    };
    expect((await api('PUT', '/config/tag-sync', { enabled: true, includePrefixes: ['aws:x'], excludePrefixes: [] })).status).toBe(400);
    const saved = await api('PUT', '/config/tag-sync', { enabled: true, includePrefixes: ['Cost'], excludePrefixes: [] });
    expect(saved).toMatchObject({ status: 200, body: { enabled: true, includePrefixes: ['Cost'], updatedAt: expect.any(String) } });
    expect((await api('GET', '/config/tag-sync')).body).toEqual(saved.body);
    const started = await api('POST', '/drs/tag-sync');
    expect(started.status).toBe(202);
    expect((await platform.local.engine.waitForExecution(started.body.executionArn, { timeoutMs: 60_000 })).status).toBe('SUCCEEDED');
    const status = await api('GET', '/drs/tag-sync');
    expect(status.body).toMatchObject({ settings: { includePrefixes: ['Cost'] }, running: false });
    expect(status.body.recentRuns[0]).toMatchObject({ executionArn: started.body.executionArn, status: 'SUCCEEDED', counts: expect.any(Object) });
  });
});
