/**
 * recovery-instance-sync, run from the synthesized ASL on the local engine
 * against the embedded DynamoDB and the simulated estate (demo scenario).
 * One named test per path of state-machines/recovery-instance-sync.ts.
 */
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RegionStatusRecord } from '../../contracts/records/region-status';
import { invalidateActiveRegions } from '../../lib/regions/active-region-filter';
import { RegionStatusRepository } from '../../lib/repositories/region-status';
import { recoveryInstanceRecordSchema } from '../../contracts/records/recovery-instance';
import type { LocalPlatform } from '../../local/platform';
import { LocalScheduler } from '../../local/scheduler';
import { recoveryInstanceSyncStatus } from '../../lib/recovery-instances/sync-control';
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

const regionStatus = () => new RegionStatusRepository(platform.tables.RegionStatus, tables.documents);
const clearRegionStatus = async () => {
  for (const item of await tables.scan('RegionStatus')) {
    await tables.documents.send(new DeleteCommand({ TableName: platform.tables.RegionStatus, Key: { accountId: item.accountId, region: item.region } }));
  }
  invalidateActiveRegions();
};
/** Every registered account-region known to hold servers, as the inventory sync would have recorded it: the filter scans them all. */
const seedActiveRegions = async (overrides: Partial<Record<string, Partial<RegionStatusRecord>>> = {}) => {
  await clearRegionStatus();
  const lastChecked = new Date(platform.clock.now()).toISOString();
  for (const account of platform.scenario.accounts) {
    for (const region of account.regions) {
      const key = `${account.accountId}/${region}`;
      await regionStatus().put({ accountId: account.accountId, region, serverCount: 1, initialized: true, lastChecked, lastError: null, ...overrides[key] });
    }
  }
  invalidateActiveRegions();
};
const countCalls = () =>
  platform.sim
    .calls()
    .filter((c) => c.operation === 'DescribeSourceServers')
    .reduce((n, c) => n + c.count, 0);

beforeEach(async () => {
  platform.sim.setFaults([]);
  platform.sim.resetCalls();
  await clearCache();
  await seedActiveRegions();
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
    // Each instance's execution comes from its jobID through the job table the scenario seeded, as in AWS.
    const jobs = new Map(platform.scenario.jobs.map((j) => [j.jobId, j]));
    const live = new Map(platform.scenario.executions.flatMap((e) => e.sourceServerIds.map((id) => [id, e.executionId] as const)));
    expect(restored.records.filter((r) => r.sourceExecutionId !== null).length).toBeGreaterThan(0);
    for (const record of restored.records) {
      expect(record.jobId).not.toBeNull();
      expect([record.sourceServerId, record.sourceExecutionId, record.sourcePlanName]).toEqual([
        record.sourceServerId,
        jobs.get(record.jobId!)?.executionId ?? null,
        jobs.get(record.jobId!)?.planName ?? null,
      ]);
      if (live.has(record.sourceServerId)) expect(record.sourceExecutionId).toBe(live.get(record.sourceServerId));
    }
    expect(restored.records.every((r) => r.ec2InstanceState !== null && r.instanceType !== null)).toBe(true);

    const [run] = await tables.syncRuns.latest('recovery-instance-sync', 1);
    expect(run).toMatchObject({ status: 'SUCCEEDED', instancesProcessed: platform.scenario.recoveryInstanceCount, regionsScanned: targetCount, errors: [] });
    // Per-instance calls were the old way's cost: here DRS and EC2 calls grow with account-regions, not instances.
    const calls = drsEc2Calls().reduce((n, c) => n + c.count, 0);
    expect(calls).toBeLessThanOrEqual(targetCount * 3);
    expect(platform.sim.calls().some((c) => c.operation === 'DescribeJobs')).toBe(false);
  });

  it('a job the orchestrator did not start: its instances are cached with the job id and no execution', async () => {
    const execution = platform.scenario.executions[0]!;
    const foreign = platform.scenario.jobs.filter((j) => j.executionId === execution.executionId);
    // As if these jobs had been started from the DRS console: the job table has no record of them.
    for (const job of foreign) await tables.documents.send(new DeleteCommand({ TableName: platform.tables.RecoveryJobs, Key: { jobId: job.jobId } }));
    try {
      const { description } = await runExecution(platform, syncArn);
      expect(description.status).toBe('SUCCEEDED');
      const { records } = await tables.recoveryInstances.getMany(execution.sourceServerIds);
      expect(records).toHaveLength(execution.sourceServerIds.length);
      const foreignIds = new Set(foreign.map((j) => j.jobId));
      for (const record of records) {
        expect(foreignIds.has(record.jobId!)).toBe(true);
        expect([record.sourceExecutionId, record.sourcePlanName]).toEqual([null, null]);
      }
    } finally {
      for (const job of foreign) await tables.documents.send(new PutCommand({ TableName: platform.tables.RecoveryJobs, Item: job }));
    }
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
    // A count far above the calls made: what is left of it says how many calls were really throttled.
    const budget = 10_000;
    platform.sim.setFaults([{ service: 'drs', fault: 'throttle', probability: 0.3, retryAfterSeconds: 0, count: budget }]);
    const { description } = await runExecution(platform, syncArn, {}, 120_000);
    expect(description.status).toBe('SUCCEEDED');
    const throttled = budget - (await faultRules())[0]!.count!;
    const drsCalls = platform.sim.calls().filter((c) => c.service === 'drs').reduce((n, c) => n + c.count, 0);
    expect(throttled).toBeGreaterThan(0);
    expect(throttled).toBeLessThan(drsCalls);
    const [run] = await tables.syncRuns.latest('recovery-instance-sync', 1);
    expect(run).toMatchObject({ status: 'SUCCEEDED', instancesProcessed: platform.scenario.recoveryInstanceCount });
    expect(await tables.scan('RecoveryInstanceCache')).toHaveLength(platform.scenario.recoveryInstanceCount);
  });

  it('empty region-status table falls back to every region and fills the table', async () => {
    await clearRegionStatus();
    const { description, history } = await runExecution(platform, syncArn);
    expect(description.status).toBe('SUCCEEDED');
    expect(lambdaInvocations(history, syncAccountRegionArn)).toBe(targetCount);
    const statuses = (await tables.scan('RegionStatus')) as RegionStatusRecord[];
    expect(statuses).toHaveLength(targetCount);
    const servers = new Map<string, number>();
    for (const status of statuses) {
      expect(status).toMatchObject({ initialized: true, lastError: null, checkedBy: 'recovery-instance-sync (fallback)', lastChecked: expect.any(String) });
      servers.set(`${status.accountId}/${status.region}`, status.serverCount);
    }
    // The counts are what DRS holds: every source server of the estate, counted once.
    expect([...servers.values()].reduce((a, b) => a + b, 0)).toBe(platform.scenario.sourceServerIds.length);
    expect(await tables.scan('RecoveryInstanceCache')).toHaveLength(platform.scenario.recoveryInstanceCount);

    // The next run filters: every region now has a status, and no count is needed for an active region.
    invalidateActiveRegions();
    platform.sim.resetCalls();
    const next = await runExecution(platform, syncArn);
    expect(next.description.status).toBe('SUCCEEDED');
    const active = statuses.filter((s) => s.serverCount > 0).length;
    expect(lambdaInvocations(next.history, syncAccountRegionArn)).toBe(active);
    expect(countCalls()).toBeLessThanOrEqual(active);
  });

  it('unreadable region-status table falls back: every region is scanned with a warning, and the unwritable status does not fail the sync', async () => {
    const client = tables.documents;
    const { Table } = await client.send(new DescribeTableCommand({ TableName: platform.tables.RegionStatus }));
    await client.send(new DeleteTableCommand({ TableName: platform.tables.RegionStatus }));
    invalidateActiveRegions();
    try {
      const { description, history } = await runExecution(platform, syncArn);
      expect(description.status).toBe('SUCCEEDED');
      expect(lambdaInvocations(history, syncAccountRegionArn)).toBe(targetCount);
      const [run] = await tables.syncRuns.latest('recovery-instance-sync', 1);
      expect(run).toMatchObject({ status: 'SUCCEEDED', errors: [] });
      expect(await tables.scan('RecoveryInstanceCache')).toHaveLength(platform.scenario.recoveryInstanceCount);
    } finally {
      await client.send(
        new CreateTableCommand({
          TableName: platform.tables.RegionStatus,
          KeySchema: Table!.KeySchema,
          AttributeDefinitions: Table!.AttributeDefinitions,
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    }
  });

  it('a quiet region is skipped, its cached records kept, then rechecked after 6 hours', async () => {
    await runExecution(platform, syncArn);
    const cached = await tables.scan('RecoveryInstanceCache');
    const quiet = { accountId: cached[0]!.accountId as string, region: cached[0]!.region as string };
    const key = `${quiet.accountId}/${quiet.region}`;
    const theirs = cached.filter((r) => r.accountId === quiet.accountId && r.region === quiet.region).length;
    const now = platform.clock.now();

    // Found empty a minute ago: skipped, and its records are not taken for orphans.
    await seedActiveRegions({ [key]: { serverCount: 0, lastChecked: new Date(now - 60_000).toISOString() } });
    const skipped = await runExecution(platform, syncArn);
    expect(skipped.description.status).toBe('SUCCEEDED');
    expect(lambdaInvocations(skipped.history, syncAccountRegionArn)).toBe(targetCount - 1);
    const kept = await tables.scan('RecoveryInstanceCache');
    expect(kept.filter((r) => r.accountId === quiet.accountId && r.region === quiet.region)).toHaveLength(theirs);
    expect(kept).toHaveLength(cached.length);

    // Found empty more than 6 hours ago: scanned again, and its status refreshed with what DRS holds.
    await seedActiveRegions({ [key]: { serverCount: 0, lastChecked: new Date(now - 6 * 3_600_000 - 60_000).toISOString() } });
    const rechecked = await runExecution(platform, syncArn);
    expect(lambdaInvocations(rechecked.history, syncAccountRegionArn)).toBe(targetCount);
    const status = (await tables.scan('RegionStatus')).find((s) => s.accountId === quiet.accountId && s.region === quiet.region);
    expect(status).toMatchObject({ initialized: true, lastError: null, checkedBy: 'recovery-instance-sync (recheck-quiet)' });
    expect(status!.serverCount).toBeGreaterThan(0);
    expect(Date.parse(status!.lastChecked as string)).toBeGreaterThanOrEqual(now);
  });

  it('region status unwritable alone: a rechecked region whose status write fails still syncs, and the run succeeds', async () => {
    await runExecution(platform, syncArn);
    const cached = await tables.scan('RecoveryInstanceCache');
    const quiet = { accountId: cached[0]!.accountId as string, region: cached[0]!.region as string };
    const staleCheck = new Date(platform.clock.now() - 6 * 3_600_000 - 60_000).toISOString();
    await seedActiveRegions({ [`${quiet.accountId}/${quiet.region}`]: { serverCount: 0, lastChecked: staleCheck } });
    await clearCache();
    // The table reads fine (the filter works from it); only writing a status fails, as a missing grant would.
    platform.dynamodbFaults.setFaults([{ operation: 'PutItem', table: platform.tables.RegionStatus, fault: 'access-denied' }]);
    try {
      const { description, history } = await runExecution(platform, syncArn);
      expect(description.status).toBe('SUCCEEDED');
      // Only the rechecked region learns a status, and its write was refused once, not retried.
      expect(platform.dynamodbFaults.hits()).toEqual([1]);
      expect(lambdaInvocations(history, syncAccountRegionArn)).toBe(targetCount);
      const [run] = await tables.syncRuns.latest('recovery-instance-sync', 1);
      expect(run).toMatchObject({ status: 'SUCCEEDED', regionsScanned: targetCount, errors: [] });
      expect(await tables.scan('RecoveryInstanceCache')).toHaveLength(platform.scenario.recoveryInstanceCount);
      expect(cached.filter((r) => r.accountId === quiet.accountId && r.region === quiet.region).length).toBeGreaterThan(0);
    } finally {
      platform.dynamodbFaults.setFaults([]);
    }
    // Nothing was written: the status is still the old one, so the next run rechecks the region again.
    const status = (await tables.scan('RegionStatus')).find((s) => s.accountId === quiet.accountId && s.region === quiet.region);
    expect(status).toMatchObject({ serverCount: 0, lastChecked: staleCheck });
  });

  it('SyncAccountRegion Retry: throttled past the SDK\'s own retries, one account-region is run again and succeeds', async () => {
    const target = platform.scenario.accounts.find((a) => a.accountId !== platform.scenario.hubAccountId)!;
    // The SDK makes 5 attempts (lib/aws/clients.ts): all five are throttled, so the task fails once with ThrottlingError.
    platform.sim.setFaults([{ service: 'drs', operation: 'DescribeRecoveryInstances', accountId: target.accountId, region: target.regions[0], fault: 'throttle', retryAfterSeconds: 0, count: 5 }]);
    const { description, history } = await runExecution(platform, syncArn);
    expect(description.status).toBe('SUCCEEDED');
    expect((await faultRules())[0]!.count).toBe(0);
    const failures = history.filter((e) => e.type === 'LambdaFunctionFailed').map((e) => (e as unknown as { lambdaFunctionFailedEventDetails: { error: string } }).lambdaFunctionFailedEventDetails.error);
    expect(failures).toEqual(['ThrottlingError']);
    expect(lambdaInvocations(history, syncAccountRegionArn)).toBe(targetCount + 1);
    expect(statesEntered(history)).not.toContain('RecordTargetFailure');
    const [run] = await tables.syncRuns.latest('recovery-instance-sync', 1);
    expect(run).toMatchObject({ status: 'SUCCEEDED', errors: [] });
  });

  it('SyncAccountRegion Retry: AccessDenied from DRS is not retried and is caught for that account-region only', async () => {
    const target = platform.scenario.accounts.find((a) => a.accountId !== platform.scenario.hubAccountId)!;
    platform.sim.setFaults([{ service: 'drs', operation: 'DescribeRecoveryInstances', accountId: target.accountId, region: target.regions[0], fault: 'access-denied' }]);
    const { description, history } = await runExecution(platform, syncArn);
    expect(description.status).toBe('SUCCEEDED');
    expect(lambdaInvocations(history, syncAccountRegionArn)).toBe(targetCount);
    expect(statesEntered(history).filter((s) => s === 'RecordTargetFailure')).toHaveLength(1);
    const [run] = await tables.syncRuns.latest('recovery-instance-sync', 1);
    expect(run.status).toBe('PARTIAL');
    expect(run.errors).toEqual([expect.objectContaining({ accountId: target.accountId, region: target.regions[0], errorName: 'AccessDeniedError' })]);
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
      expect(statesEntered(history)).toEqual(['BeginSyncRun', 'ListSyncTargets', 'RecordRunFailure', 'SyncFailed']);
      // One attempt: an invalid output is not retried, and the Catch hands its error to RecordRunFailure.
      const failures = history.filter((e) => e.type === 'LambdaFunctionFailed').map((e) => (e as unknown as { lambdaFunctionFailedEventDetails: { error: string } }).lambdaFunctionFailedEventDetails.error);
      expect(failures).toEqual(['InputValidationError']);
      // The FAILED execution also reaches ReleaseEndedExecution, which leaves the record RecordRunFailure wrote as it is.
      await platform.events.settled();
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

  it('cancel: StopExecution aborts the run; the execution-ended rule records ABORTED and releases the lock', async () => {
    platform.sim.setFaults([{ service: 'drs', fault: 'latency', latencyMs: 400 }]);
    const { executionArn } = platform.local.engine.startExecution({ stateMachineArn: syncArn, input: '{}' });
    await waitUntil(() => statesEntered(platform.local.engine.getExecutionHistory(executionArn).items).includes('SyncAccountRegions'));
    const before = platform.events.deliveries.length;
    platform.local.engine.stopExecution(executionArn, { error: 'Cancelled', cause: 'test' });
    expect((await platform.local.engine.waitForExecution(executionArn)).status).toBe('ABORTED');
    await platform.events.settled();

    const delivered = platform.events.deliveries.slice(before).filter((d) => d.rule.includes('ExecutionEndedRule'));
    expect(delivered).toEqual([expect.objectContaining({ status: 'SUCCEEDED', attempts: 1 })]);
    const [run] = (await tables.syncRuns.latest('recovery-instance-sync', 10)).filter((r) => r.executionArn === executionArn);
    expect(run).toMatchObject({ status: 'ABORTED', endedAt: expect.any(String), errors: [{ errorName: 'Cancelled', message: 'Cancelled: test' }] });
    const status = await recoveryInstanceSyncStatus(tables.syncRuns);
    expect(status.running).toBe(false);

    platform.sim.setFaults([]);
    // As in Lambda, the stopped run's SyncAccountRegion invocations go on and write their records; later tests
    // must not see them land (they once re-filled an account the next test had just unregistered).
    await platform.local.lambda.settled();
    const next = await runExecution(platform, syncArn);
    expect(statesEntered(next.history)).toContain('SyncAccountRegions');
    expect(next.description.status).toBe('SUCCEEDED');
  });

  it('execution-ended rule: a SUCCEEDED run is not sent to ReleaseEndedExecution', async () => {
    const before = platform.events.deliveries.length;
    const { description } = await runExecution(platform, syncArn);
    expect(description.status).toBe('SUCCEEDED');
    await platform.events.settled();
    expect(platform.events.deliveries.slice(before)).toEqual([]);
  });

  it('unregistered account: the sync removes the records of an account that is no longer registered', async () => {
    const first = await runExecution(platform, syncArn);
    expect(first.description.status).toBe('SUCCEEDED');
    const cached = await tables.scan('RecoveryInstanceCache');
    const removed = { accountId: cached[0]!.accountId as string };
    const account = (await tables.targetAccounts.get(removed.accountId))!;
    const theirs = cached.filter((r) => r.accountId === removed.accountId);
    expect(theirs.length).toBeGreaterThan(0);
    await tables.targetAccounts.delete(removed.accountId);
    try {
      const { description, history } = await runExecution(platform, syncArn);
      expect(description.status).toBe('SUCCEEDED');
      expect(statesEntered(history)).toContain('RemoveUnregisteredRecords');
      const records = await tables.scan('RecoveryInstanceCache');
      expect(records.filter((r) => r.accountId === removed.accountId)).toEqual([]);
      expect(records).toHaveLength(platform.scenario.recoveryInstanceCount - theirs.length);
      const [run] = await tables.syncRuns.latest('recovery-instance-sync', 1);
      expect(run.recordsRemoved).toBe(theirs.length);
    } finally {
      await tables.targetAccounts.create(account);
    }
  });

  it('unregistered region: records of a region taken off an account are removed, the account\'s other regions kept', async () => {
    await runExecution(platform, syncArn);
    const before = await tables.scan('RecoveryInstanceCache');
    const account = (await tables.targetAccounts.list()).find((a) => a.regions.length > 1 && before.some((r) => r.accountId === a.accountId))!;
    const dropped = before.find((r) => r.accountId === account.accountId)!.region as string;
    const kept = account.regions.filter((r) => r !== dropped);
    expect(before.some((r) => r.accountId === account.accountId && r.region === dropped)).toBe(true);
    await tables.targetAccounts.replace({ ...account, regions: kept, updatedAt: new Date().toISOString() }, account.updatedAt);
    try {
      await runExecution(platform, syncArn);
      const after = await tables.scan('RecoveryInstanceCache');
      expect(after.some((r) => r.accountId === account.accountId && r.region === dropped)).toBe(false);
      expect(after.filter((r) => r.accountId === account.accountId).length).toBe(before.filter((r) => r.accountId === account.accountId && r.region !== dropped).length);
    } finally {
      const current = (await tables.targetAccounts.get(account.accountId))!;
      await tables.targetAccounts.replace({ ...current, regions: account.regions, updatedAt: new Date().toISOString() }, current.updatedAt);
    }
  });

  it('schedule: the local scheduler reads the synthesized L2 schedule and starts the sync with trigger "schedule"', async () => {
    const scheduler = new LocalScheduler({ assembly: platform.local.assembly, engine: platform.local.engine, clock: platform.clock, fireOnStart: true });
    scheduler.start();
    scheduler.stop();
    expect(scheduler.skipped).toEqual([]);
    // Other machines have schedules of their own (tag-sync); this one's fires once.
    const fired = scheduler.fired.filter((f) => f.targetArn === syncArn);
    expect(fired).toEqual([expect.objectContaining({ source: 'AWS::Scheduler::Schedule', targetArn: syncArn, executionArn: expect.any(String) })]);
    for (const other of scheduler.fired) await platform.local.engine.waitForExecution(other.executionArn!, { timeoutMs: 60_000 });
    const done = await platform.local.engine.waitForExecution(fired[0]!.executionArn!, { timeoutMs: 60_000 });
    expect(done).toMatchObject({ status: 'SUCCEEDED', input: JSON.stringify({ trigger: 'schedule' }) });
  });

  it('every state after BeginSyncRun takes the lock has a Catch to RecordRunFailure, which releases it', () => {
    const definition = platform.local.assembly.findStateMachine(syncArn)!.definition as { States: Record<string, { Type: string; Next?: string; End?: boolean; Catch?: Array<{ ErrorEquals: string[]; Next: string }> }>; StartAt: string };
    const afterLock: string[] = [];
    for (let name = definition.States.BeginSyncRun!.Next; name; name = definition.States[name]!.Next) afterLock.push(name);
    const canFail = afterLock.filter((name) => ['Task', 'Map', 'Parallel'].includes(definition.States[name]!.Type));
    expect(canFail).toEqual(['ListSyncTargets', 'RemoveUnregisteredRecords', 'SyncAccountRegions', 'CompleteSyncRun']);
    for (const name of canFail) expect(definition.States[name]!.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: 'RecordRunFailure' })]);
  });
});

async function faultRules(): Promise<Array<{ count?: number }>> {
  const response = await fetch(`${platform.sim.url}/_sim/faults`);
  return ((await response.json()) as { rules: Array<{ count?: number }> }).rules;
}

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
