/**
 * staging-account-sync, run from the synthesized ASL on the local engine
 * against the embedded DynamoDB and the simulated estate. The demo's staging
 * account 444444444444 (configured on target account A, 222222222222) has,
 * in us-east-1, six extensible servers, two more whose volumes use the
 * default EBS key, and four already extended into A.
 * One named test per path of state-machines/staging-account-sync.ts.
 */
import { DescribeSourceServersCommand } from '@aws-sdk/client-drs';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { invalidateActiveRegions } from '../../lib/regions/active-region-filter';
import { RegionStatusRepository } from '../../lib/repositories/region-status';
import type { LocalPlatform } from '../../local/platform';
import { DEMO_STAGING_ACCOUNT } from '../../local/sim/scenarios/demo';
import { lambdaInvocations, runExecution, startTestPlatform, statesEntered } from '../support/platform';
import { platformTables } from '../support/tables';
import { clients, credentialsOf } from '../integration/sim/helpers';

const A = '222222222222';
const B = '333333333333';

let platform: LocalPlatform;
let tables: ReturnType<typeof platformTables>;
let machineArn: string;
let planArn: string;
let extendArn: string;
let targetCount: number;

const fnArn = (entry: string) => platform.local.assembly.functions.find((f) => f.handler?.entry === entry)!.arn;
const calls = (operation: string, accountId?: string) =>
  platform.sim.calls().filter((c) => c.operation === operation && (!accountId || c.accountId === accountId)).reduce((n, c) => n + c.count, 0);
const runOf = async (executionArn: string) => (await tables.syncRuns.latest('staging-account-sync', 50)).find((r) => r.executionArn === executionArn)!;
const extendedInA = async () => {
  const { drs } = clients(platform.sim, credentialsOf(platform.sim, A), 'us-east-1');
  return (await drs.send(new DescribeSourceServersCommand({ filters: { stagingAccountIDs: [DEMO_STAGING_ACCOUNT] } }))).items!.filter((s) => s.stagingArea?.status === 'EXTENDED');
};

async function seedRegionStatus(): Promise<void> {
  const regionStatus = new RegionStatusRepository(platform.tables.RegionStatus, tables.documents);
  for (const item of await tables.scan('RegionStatus')) {
    await tables.documents.send(new DeleteCommand({ TableName: platform.tables.RegionStatus, Key: { accountId: item.accountId, region: item.region } }));
  }
  const lastChecked = new Date(platform.clock.now()).toISOString();
  for (const account of platform.scenario.accounts) {
    for (const region of account.regions) await regionStatus.put({ accountId: account.accountId, region, serverCount: 1, initialized: true, lastChecked, lastError: null });
  }
  invalidateActiveRegions();
}

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  platform = await startTestPlatform();
  tables = platformTables(platform);
  machineArn = platform.local.assembly.stateMachines.find((m) => m.name === 'staging-account-sync')!.arn;
  planArn = fnArn('tasks/staging-account-sync/plan-staging-extensions.ts');
  extendArn = fnArn('tasks/staging-account-sync/extend-source-servers.ts');
  targetCount = platform.scenario.accounts.reduce((n, a) => n + a.regions.length, 0);
  await seedRegionStatus();
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

describe('staging-account-sync', () => {
  it('happy path: extends the missing servers of the staging account into its target account and records the run', async () => {
    platform.sim.loadScenario('demo', 1);
    expect(await extendedInA()).toHaveLength(4);
    const { description, history } = await runExecution(platform, machineArn, { trigger: 'schedule' });
    expect(description.status).toBe('SUCCEEDED');
    expect(statesEntered(history)).toEqual(expect.arrayContaining(['BeginStagingSync', 'SyncAccountRegions', 'PlanStagingExtensions', 'ExtendSourceServers', 'CompleteStagingSync', 'StagingSyncSucceeded']));
    expect(lambdaInvocations(history, planArn)).toBe(targetCount);
    expect(lambdaInvocations(history, extendArn)).toBe(targetCount);
    // Eight extensible: six extended, two refused for their EBS key.
    expect(calls('CreateExtendedSourceServer', A)).toBe(8);
    expect(calls('CreateExtendedSourceServer')).toBe(8);
    expect(await extendedInA()).toHaveLength(10);
    const run = await runOf(description.executionArn);
    expect(run).toMatchObject({ status: 'PARTIAL', regionsScanned: targetCount, errors: [], counts: { extensible: 8, extended: 6, notExtended: 2, accountsSynced: platform.scenario.accounts.length, accountsSkipped: 0 } });
    expect(run.findings!.map((f) => f.kind)).toEqual(['DEFAULT_EBS_KEY', 'DEFAULT_EBS_KEY']);
    expect(JSON.parse(description.output!)).toMatchObject({ status: 'PARTIAL', extended: 6, findings: 2 });
    // Every account's lock was given back.
    for (const account of platform.scenario.accounts) expect(await tables.syncRuns.lockHolder('staging-account-sync', account.accountId)).toBeUndefined();
  });

  it('default EBS key: the refused servers are findings with the remedy, run after run, and nothing else is extended', async () => {
    const { description } = await runExecution(platform, machineArn);
    expect(description.status).toBe('SUCCEEDED');
    expect(calls('CreateExtendedSourceServer')).toBe(2);
    const run = await runOf(description.executionArn);
    expect(run.counts).toMatchObject({ extensible: 2, extended: 0, notExtended: 2 });
    const defaultKey = platform.scenario.stagingAccounts[0]!.sourceServers.filter((s) => s.ebsEncryption === 'DEFAULT');
    expect(run.findings).toEqual(
      defaultKey.map((s) =>
        expect.objectContaining({
          kind: 'DEFAULT_EBS_KEY',
          accountId: A,
          region: 'us-east-1',
          stagingAccountId: DEMO_STAGING_ACCOUNT,
          sourceServerArn: s.arn,
          hostname: s.hostname,
          remedy: expect.stringContaining('customer managed KMS key'),
        }),
      ),
    );
  });

  it('nothing to do: an account without staging accounts lists none, extends nothing and succeeds', async () => {
    const { description, history } = await runExecution(platform, machineArn, { trigger: 'manual', requestedBy: 'test', targetAccountId: B });
    expect(description.status).toBe('SUCCEEDED');
    expect(lambdaInvocations(history, planArn)).toBe(2);
    expect(calls('ListStagingAccounts', B)).toBe(2);
    expect(calls('ListExtensibleSourceServers')).toBe(0);
    expect(calls('CreateExtendedSourceServer')).toBe(0);
    expect(await runOf(description.executionArn)).toMatchObject({ status: 'SUCCEEDED', counts: { extensible: 0, extended: 0, accountsSynced: 1 }, findings: [] });
  });

  it('quota exceeded: ServiceQuotaExceeded stops the region with a finding and its remedy; the run is PARTIAL', async () => {
    platform.sim.loadScenario('demo', 1, { sourceServerQuota: 46 });
    const { description } = await runExecution(platform, machineArn, { trigger: 'manual', targetAccountId: A });
    expect(description.status).toBe('SUCCEEDED');
    const run = await runOf(description.executionArn);
    expect(run.status).toBe('PARTIAL');
    expect(run.counts).toMatchObject({ extensible: 8, extended: 1 });
    const quota = run.findings!.filter((f) => f.kind === 'SERVICE_QUOTA_EXCEEDED');
    expect(quota).toEqual([expect.objectContaining({ accountId: A, region: 'us-east-1', remedy: expect.stringContaining('quota increase') })]);
    // The region stopped at the refusal: the servers after it were not attempted.
    expect(calls('CreateExtendedSourceServer')).toBeLessThan(8);
    platform.sim.loadScenario('demo', 1);
  });

  it('one account denied: AssumeRole fails for account A, the others are synced, nothing is retried', async () => {
    const account = (await tables.targetAccounts.get(A))!;
    await tables.targetAccounts.replace({ ...account, externalId: 'wrong-external-id', updatedAt: new Date().toISOString() }, account.updatedAt);
    try {
      const { description, history } = await runExecution(platform, machineArn);
      expect(description.status).toBe('SUCCEEDED');
      expect(statesEntered(history)).toContain('RecordTargetFailure');
      expect(lambdaInvocations(history, planArn)).toBe(targetCount);
      const run = await runOf(description.executionArn);
      expect(run.status).toBe('PARTIAL');
      expect(run.errors).toHaveLength(2);
      for (const error of run.errors ?? []) expect(error).toMatchObject({ accountId: A, errorName: 'AccessDeniedError' });
      expect(calls('CreateExtendedSourceServer')).toBe(0);
    } finally {
      await tables.targetAccounts.replace({ ...account, updatedAt: new Date().toISOString() }, (await tables.targetAccounts.get(A))!.updatedAt);
    }
  });

  it('throttling: ListExtensibleSourceServers throttled past the SDK retries, the account-region is planned again and succeeds', async () => {
    platform.sim.setFaults([{ service: 'drs', operation: 'ListExtensibleSourceServers', accountId: A, region: 'us-east-1', fault: 'throttle', retryAfterSeconds: 0, count: 5 }]);
    const { description, history } = await runExecution(platform, machineArn, { trigger: 'manual', targetAccountId: A });
    expect(description.status).toBe('SUCCEEDED');
    const failures = history.filter((e) => e.type === 'LambdaFunctionFailed').map((e) => (e as unknown as { lambdaFunctionFailedEventDetails: { error: string } }).lambdaFunctionFailedEventDetails.error);
    expect(failures).toEqual(['ThrottlingError']);
    expect(lambdaInvocations(history, planArn)).toBe(3);
    const run = await runOf(description.executionArn);
    expect(run.errors).toEqual([]);
    expect(run.counts).toMatchObject({ extended: 6 });
  });

  it('overlapping run for the same account: a run for an account another run holds skips itself; the first one finishes', async () => {
    platform.sim.loadScenario('demo', 1);
    platform.sim.setFaults([{ service: 'drs', fault: 'latency', latencyMs: 400 }]);
    const first = platform.local.engine.startExecution({ stateMachineArn: machineArn, input: JSON.stringify({ trigger: 'schedule' }) });
    await waitUntil(() => statesEntered(platform.local.engine.getExecutionHistory(first.executionArn).items).includes('SyncAccountRegions'));
    const second = await runExecution(platform, machineArn, { trigger: 'manual', targetAccountId: A });
    expect(second.description.status).toBe('SUCCEEDED');
    expect(statesEntered(second.history)).toEqual(['BeginStagingSync', 'SkipOverlappingRun']);
    expect((await platform.local.engine.waitForExecution(first.executionArn, { timeoutMs: 60_000 })).status).toBe('SUCCEEDED');
    expect(await runOf(second.executionArn)).toBeUndefined();
    expect((await runOf(first.executionArn)).counts).toMatchObject({ extended: 6 });
  });

  it('stopped run released: StopExecution aborts the run; the execution-ended rule records ABORTED and releases every account lock', async () => {
    platform.sim.setFaults([{ service: 'drs', fault: 'latency', latencyMs: 400 }]);
    const { executionArn } = platform.local.engine.startExecution({ stateMachineArn: machineArn, input: '{}' });
    await waitUntil(() => statesEntered(platform.local.engine.getExecutionHistory(executionArn).items).includes('SyncAccountRegions'));
    expect(await tables.syncRuns.lockHolder('staging-account-sync', A)).toMatchObject({ holder: executionArn });
    platform.local.engine.stopExecution(executionArn, { error: 'Cancelled', cause: 'test' });
    expect((await platform.local.engine.waitForExecution(executionArn)).status).toBe('ABORTED');
    await platform.events.settled();
    // The stopped run's invocations run on, as in Lambda: let them end before the next test.
    await platform.local.lambda.settled();
    expect(await runOf(executionArn)).toMatchObject({ status: 'ABORTED', endedAt: expect.any(String) });
    for (const account of platform.scenario.accounts) expect(await tables.syncRuns.lockHolder('staging-account-sync', account.accountId)).toBeUndefined();
  });

  it('empty region status: falls back to every registered region with a warning, and records what it found so later runs filter', async () => {
    for (const item of await tables.scan('RegionStatus')) {
      await tables.documents.send(new DeleteCommand({ TableName: platform.tables.RegionStatus, Key: { accountId: item.accountId, region: item.region } }));
    }
    invalidateActiveRegions();
    try {
      const { description, history } = await runExecution(platform, machineArn);
      expect(description.status).toBe('SUCCEEDED');
      expect(lambdaInvocations(history, planArn)).toBe(targetCount);
      const statuses = await tables.scan('RegionStatus');
      expect(statuses).toHaveLength(targetCount);
      for (const status of statuses) expect(status).toMatchObject({ initialized: true, checkedBy: 'staging-account-sync (fallback)', lastError: null });
      expect(statuses.find((s) => s.accountId === A && s.region === 'us-east-1')!.serverCount).toBeGreaterThan(40);
    } finally {
      await seedRegionStatus();
    }
  });

  it('API: POST /accounts/targets/{id}/staging-accounts/sync starts a run for that account (202); an unknown account is 404', async () => {
    const api = async (method: string, path: string) => {
      const response = await fetch(`${platform.urls.api}${path}`, { method, headers: { Authorization: `Bearer ${platform.adminToken}` } });
      return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
    };
    expect((await api('POST', '/accounts/targets/999999999999/staging-accounts/sync')).status).toBe(404);
    const started = await api('POST', `/accounts/targets/${B}/staging-accounts/sync`);
    expect(started.status).toBe(202);
    expect((await platform.local.engine.waitForExecution(started.body.executionArn, { timeoutMs: 60_000 })).status).toBe('SUCCEEDED');
    expect(await runOf(started.body.executionArn)).toMatchObject({ status: 'SUCCEEDED', counts: { accountsSynced: 1 } });
    const status = await api('GET', '/staging-accounts/sync/status');
    expect(status.status).toBe(200);
    expect(status.body.running).toBe(false);
    expect(status.body.recentRuns[0]).toMatchObject({ executionArn: started.body.executionArn, status: 'SUCCEEDED' });
    // Earlier runs' findings are there with their remedies; the lock scopes are not.
    const withFindings = status.body.recentRuns.find((r: { findings?: unknown[] }) => (r.findings ?? []).length > 0);
    expect(withFindings.findings[0]).toMatchObject({ kind: expect.any(String), remedy: expect.any(String) });
    expect(status.body.recentRuns.every((r: object) => !('lockScopes' in r))).toBe(true);
  });
});
