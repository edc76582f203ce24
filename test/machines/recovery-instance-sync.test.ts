/**
 * recovery-instance-sync, run from the synthesized ASL on the local engine
 * against the embedded DynamoDB and the simulated estate (demo scenario).
 * One named test per path of state-machines/recovery-instance-sync.ts.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { recoveryInstanceRecordSchema } from '../../contracts/records/recovery-instance';
import type { LocalPlatform } from '../../local/platform';
import { schemaErrors } from '../../lib/validation';
import { lambdaInvocations, runExecution, startTestPlatform, statesEntered } from '../support/platform';
import { platformTables } from '../support/tables';

let platform: LocalPlatform;
let tables: ReturnType<typeof platformTables>;
let syncArn: string;
let syncAccountRegionArn: string;
let targetCount: number;

const clearCache = async () => {
  const records = await tables.scan('RecoveryInstanceCache');
  await tables.recoveryInstances.deleteMany(records.map((r) => r.sourceServerId as string));
};

beforeAll(async () => {
  platform = await startTestPlatform();
  tables = platformTables(platform);
  syncArn = platform.recoveryInstanceSyncArn;
  syncAccountRegionArn = platform.local.assembly.functions.find((f) => f.handler?.entry === 'tasks/recovery-instance-sync/sync-account-region.ts')!.arn;
  targetCount = platform.scenario.accounts.reduce((n, a) => n + a.regions.length, 0);
});

afterAll(async () => {
  tables?.close();
  // Every response the estate sent during the file was checked against the service models.
  expect(platform?.sim.conformanceViolations()).toEqual([]);
  await platform?.close();
});

beforeEach(async () => {
  platform.sim.setFaults([]);
  platform.sim.resetCalls();
  await clearCache();
});

const drsEc2Calls = () => platform.sim.calls().filter((c) => c.service === 'drs' || c.service === 'ec2');

describe('recovery-instance-sync', () => {
  it('happy path: syncs every account-region, fills the cache and records the run', async () => {
    const { description, history } = await runExecution(platform, syncArn);
    expect(description.status).toBe('SUCCEEDED');
    expect(statesEntered(history)).toEqual(expect.arrayContaining(['BeginSyncRun', 'ListSyncTargets', 'SyncAccountRegions', 'CompleteSyncRun', 'SyncSucceeded']));
    expect(lambdaInvocations(history, syncAccountRegionArn)).toBe(targetCount);

    const records = await tables.scan('RecoveryInstanceCache');
    expect(records).toHaveLength(platform.scenario.recoveryInstanceCount);
    const restored = await tables.recoveryInstances.getMany(records.map((r) => r.sourceServerId as string));
    for (const record of restored.records) expect(schemaErrors(recoveryInstanceRecordSchema, record)).toEqual([]);
    expect(restored.records.filter((r) => r.sourceExecutionId !== null).length).toBeGreaterThan(0);
    expect(restored.records.every((r) => r.ec2InstanceState !== null && r.instanceType !== null)).toBe(true);

    const [run] = await tables.syncRuns.latest('recovery-instance-sync', 1);
    expect(run).toMatchObject({ status: 'SUCCEEDED', instancesProcessed: platform.scenario.recoveryInstanceCount, regionsScanned: targetCount, errors: [] });
    // Per-instance calls were the old way's cost: here DRS and EC2 calls grow with account-regions, not instances.
    const calls = drsEc2Calls().reduce((n, c) => n + c.count, 0);
    expect(calls).toBeLessThanOrEqual(targetCount * 3);
    expect(platform.sim.calls().some((c) => c.operation === 'DescribeJobs')).toBe(false);
  });

  it('one account denied: AssumeRole fails for one account, the others are synced, nothing is retried', async () => {
    const denied = platform.scenario.accounts.find((a) => a.role && a.accountId !== platform.scenario.hubAccountId)!;
    const account = (await tables.targetAccounts.get(denied.accountId))!;
    await tables.targetAccounts.replace({ ...account, externalId: 'wrong-external-id', updatedAt: new Date().toISOString() }, account.updatedAt);
    try {
      const { description, history } = await runExecution(platform, syncArn);
      expect(description.status).toBe('SUCCEEDED');
      expect(statesEntered(history)).toContain('RecordTargetFailure');
      // AccessDenied is not retried: one attempt per account-region.
      expect(lambdaInvocations(history, syncAccountRegionArn)).toBe(targetCount);
      const assumeRoleCalls = platform.sim.calls().filter((c) => c.operation === 'AssumeRole').reduce((n, c) => n + c.count, 0);
      // Concurrent regions of one account share one AssumeRole attempt; a failure is not cached or retried.
      expect(assumeRoleCalls).toBeGreaterThanOrEqual(1);
      expect(assumeRoleCalls).toBeLessThanOrEqual(denied.regions.length);

      const [run] = await tables.syncRuns.latest('recovery-instance-sync', 1);
      expect(run.status).toBe('PARTIAL');
      expect(run.errors).toHaveLength(denied.regions.length);
      for (const error of run.errors ?? []) expect(error).toMatchObject({ accountId: denied.accountId, errorName: 'AccessDeniedError' });
      const records = await tables.scan('RecoveryInstanceCache');
      expect(records.some((r) => r.accountId === denied.accountId)).toBe(false);
      expect(records.length).toBeGreaterThan(0);
    } finally {
      await tables.targetAccounts.replace({ ...account, updatedAt: new Date().toISOString() }, (await tables.targetAccounts.get(denied.accountId))!.updatedAt);
    }
  });

  it('throttling storm: with 30% of DRS calls throttled the run completes and loses nothing', async () => {
    platform.sim.setFaults([{ service: 'drs', fault: 'throttle', probability: 0.3, retryAfterSeconds: 0 }]);
    const { description } = await runExecution(platform, syncArn, {}, 120_000);
    expect(description.status).toBe('SUCCEEDED');
    const throttled = platform.sim.calls().filter((c) => c.service === 'drs');
    expect(throttled.length).toBeGreaterThan(0);
    const [run] = await tables.syncRuns.latest('recovery-instance-sync', 1);
    expect(run).toMatchObject({ status: 'SUCCEEDED', instancesProcessed: platform.scenario.recoveryInstanceCount });
    expect(await tables.scan('RecoveryInstanceCache')).toHaveLength(platform.scenario.recoveryInstanceCount);
  });

  it('EC2 failure: records are written without EC2 details and the run says PARTIAL', async () => {
    platform.sim.setFaults([{ service: 'ec2', operation: 'DescribeInstances', fault: 'server-error' }]);
    const { description } = await runExecution(platform, syncArn);
    expect(description.status).toBe('SUCCEEDED');
    const [run] = await tables.syncRuns.latest('recovery-instance-sync', 1);
    expect(run.status).toBe('PARTIAL');
    expect(run.targets?.some((t) => t.status === 'PARTIAL' && t.warnings.some((w) => /EC2 details unavailable/.test(w)))).toBe(true);
    const records = await tables.scan('RecoveryInstanceCache');
    expect(records).toHaveLength(platform.scenario.recoveryInstanceCount);
    expect(records.every((r) => r.instanceType === null && r.recoveryInstanceId)).toBe(true);
  });

  it('overlapping start: a run started while another holds the lock skips itself', async () => {
    // Slow DRS down so the first run is still going when the second starts.
    platform.sim.setFaults([{ service: 'drs', fault: 'latency', latencyMs: 400 }]);
    const first = platform.local.engine.startExecution({ stateMachineArn: syncArn, input: '{}' });
    await waitUntil(() => statesEntered(platform.local.engine.getExecutionHistory(first.executionArn).items).includes('ListSyncTargets'));
    const second = await runExecution(platform, syncArn);
    expect(second.description.status).toBe('SUCCEEDED');
    expect(statesEntered(second.history)).toEqual(['BeginSyncRun', 'SkipOverlappingRun']);
    const firstDone = await platform.local.engine.waitForExecution(first.executionArn, { timeoutMs: 60_000 });
    expect(firstDone.status).toBe('SUCCEEDED');
    const runs = await tables.syncRuns.latest('recovery-instance-sync', 10);
    expect(runs.filter((r) => r.executionArn === second.executionArn)).toEqual([]);
  });

  it('run failure: a broken target account record fails the run, records it and releases the lock', async () => {
    const [account] = await tables.targetAccounts.list();
    await tables.documents.send(
      new PutCommand({ TableName: platform.tables.TargetAccounts, Item: { ...account, accountId: '999999999999', regions: ['not-a-region'] } }),
    );
    try {
      const { description, history } = await runExecution(platform, syncArn);
      expect(description.status).toBe('FAILED');
      expect(description.error).toBe('SyncFailed');
      expect(statesEntered(history)).toEqual(expect.arrayContaining(['ListSyncTargets', 'RecordRunFailure', 'SyncFailed']));
      const [run] = await tables.syncRuns.latest('recovery-instance-sync', 1);
      expect(run.status).toBe('FAILED');
      expect(run.errors?.[0]?.message).toMatch(/ListSyncTargets output is invalid/);
    } finally {
      await tables.targetAccounts.delete('999999999999');
    }
    // The lock was released: the next run is not skipped.
    const next = await runExecution(platform, syncArn);
    expect(statesEntered(next.history)).toContain('SyncAccountRegions');
  });

  it('invalid input: the execution fails with InputValidationError before taking the lock', async () => {
    const { description, history } = await runExecution(platform, syncArn, { trigger: 'schedule', unexpected: true });
    expect(description.status).toBe('FAILED');
    expect(description.error).toBe('InputValidationError');
    expect(description.cause).toMatch(/unexpected/);
    expect(statesEntered(history)).toEqual(['BeginSyncRun']);
    const next = await runExecution(platform, syncArn, { trigger: 'schedule' });
    expect(statesEntered(next.history)).toContain('SyncAccountRegions');
  });

  it('cancel: StopExecution aborts the run; the lock it held makes the next run skip until it expires', async () => {
    platform.sim.setFaults([{ service: 'drs', fault: 'latency', latencyMs: 400 }]);
    const { executionArn } = platform.local.engine.startExecution({ stateMachineArn: syncArn, input: '{}' });
    await waitUntil(() => statesEntered(platform.local.engine.getExecutionHistory(executionArn).items).includes('SyncAccountRegions'));
    platform.local.engine.stopExecution(executionArn, { error: 'Cancelled', cause: 'test' });
    expect((await platform.local.engine.waitForExecution(executionArn)).status).toBe('ABORTED');
    const next = await runExecution(platform, syncArn);
    expect(statesEntered(next.history)).toEqual(['BeginSyncRun', 'SkipOverlappingRun']);
    // Release the aborted run's lock for the tests after this one.
    await tables.syncRuns.releaseLock('recovery-instance-sync', executionArn);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
