import '../../support/api/env';
import { mockSdkClient } from '../../support/api/sdk-mock';
import { DescribeRecoveryInstancesCommand, DrsClient, TerminateRecoveryInstancesCommand } from '@aws-sdk/client-drs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { ApiDeps } from '../../../api/deps';
import { createApiHandler } from '../../../api/handler';
import type { RecoveryInstanceRecord } from '../../../contracts/records/recovery-instance';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';
import { createBody, FIXED_NOW, HUB_ACCOUNT, lambdaContext, recoveryInstanceId, recoveryInstanceRecord, sourceServerId, TARGET_ACCOUNT, testDeps } from '../../support/api/fixtures';

const sts = mockSdkClient(STSClient);
const drs = mockSdkClient(DrsClient);
const OTHER_ACCOUNT = '333333333333';
const credentials = { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3_600_000) };

let dynamo: TestDynamo;
let deps: ApiDeps;
let terminate: (id: string, principal?: { username: string; role: string }) => Promise<{ statusCode: number; body: any }>;
let terminateSelected: (ids: string[], principal?: { username: string; role: string }) => Promise<{ statusCode: number; body: any }>;
let handler: ReturnType<typeof createApiHandler>;
let jobs: number;

beforeAll(async () => {
  dynamo = await startDynamo();
});
beforeEach(async () => {
  sts.reset();
  drs.reset();
  jobs = 0;
  sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });
  drs.on(TerminateRecoveryInstancesCommand).callsFake(() => ({ job: { jobID: `drsjob-${String(++jobs).padStart(17, '0')}`, type: 'TERMINATE' } }));
  deps = await testDeps(dynamo);
  handler = createApiHandler(deps);
  terminateSelected = async (ids, principal) =>
    (await handler({ operation: 'terminate_selected_recovery_instances', body: { recoveryInstanceIds: ids }, ...(principal ? { principal } : {}) }, lambdaContext())) as {
      statusCode: number;
      body: any;
    };
  terminate = async (id, principal) =>
    (await handler({ operation: 'terminate_recovery_instances', id, ...(principal ? { principal } : {}) }, lambdaContext())) as { statusCode: number; body: any };
  const at = FIXED_NOW.toISOString();
  for (const accountId of [TARGET_ACCOUNT, OTHER_ACCOUNT]) {
    await deps.targetAccounts.create({ ...(createBody(accountId) as any), createdAt: at, updatedAt: at, lastValidation: null });
  }
  await deps.targetAccounts.create({ ...(createBody(HUB_ACCOUNT, { roleArn: null, externalId: null }) as any), createdAt: at, updatedAt: at, lastValidation: null });
});
afterEach(() => deps.awsClients.destroy());
afterAll(async () => {
  sts.restore();
  drs.restore();
  await dynamo.close();
});

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const launched = (ns: number[], overrides: Partial<RecoveryInstanceRecord> = {}) =>
  ns.map((n) => recoveryInstanceRecord(n, { sourceExecutionId: 'exec-1', ...overrides }));

/** The ids each TerminateRecoveryInstances call received, sorted. */
const terminateCalls = () => drs.commandCalls(TerminateRecoveryInstancesCommand).map((c) => [...c.args[0].input.recoveryInstanceIDs].sort());
const cachedIds = async (ns: number[]) => (await deps.recoveryInstances.getMany(ns.map(sourceServerId))).records.map((r) => r.sourceServerId).sort();

describe('terminate_recovery_instances', () => {
  it('groups by account and region, sends at most 200 ids per call, and removes the cache records', async () => {
    await deps.recoveryInstances.putMany([
      ...launched(range(0, 450)), // TARGET us-east-1: 200 + 200 + 50
      ...launched(range(1000, 3), { region: 'us-west-2' }),
      ...launched(range(2000, 2), { accountId: HUB_ACCOUNT }),
      ...launched(range(3000, 2), { sourceExecutionId: 'exec-2' }), // another execution: untouched
    ]);

    const result = await terminate('exec-1');

    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ executionId: 'exec-1', requested: 455, failed: [] });
    const groups = result.body.terminated.map((g: any) => [g.accountId, g.region, g.recoveryInstanceIds.length, g.jobId]);
    expect(groups.map((g: any[]) => g.slice(0, 3)).sort()).toEqual(
      [
        [HUB_ACCOUNT, 'us-east-1', 2],
        [TARGET_ACCOUNT, 'us-east-1', 200],
        [TARGET_ACCOUNT, 'us-east-1', 200],
        [TARGET_ACCOUNT, 'us-east-1', 50],
        [TARGET_ACCOUNT, 'us-west-2', 3],
      ].sort(),
    );
    expect(groups.every((g: any[]) => /^drsjob-/.test(g[3]))).toBe(true);

    const calls = terminateCalls();
    expect(calls.map((ids) => ids.length).sort((a, b) => a - b)).toEqual([2, 3, 50, 200, 200]);
    expect(calls.flat().sort()).toEqual([...range(0, 450), ...range(1000, 3), ...range(2000, 2)].map(recoveryInstanceId).sort());
    expect(drs.commandCalls(DescribeRecoveryInstancesCommand)).toHaveLength(0);

    expect(await cachedIds([...range(0, 450), ...range(1000, 3), ...range(2000, 2)])).toEqual([]);
    expect(await cachedIds(range(3000, 2))).toEqual(range(3000, 2).map(sourceServerId));
  });

  it('goes on past a failing account-region, keeps its records, and answers 200 with the failure', async () => {
    await deps.recoveryInstances.putMany([...launched(range(0, 3)), ...launched(range(100, 2), { accountId: OTHER_ACCOUNT, region: 'eu-west-1' })]);
    const failing = new Set(range(100, 2).map(recoveryInstanceId));
    drs.on(TerminateRecoveryInstancesCommand).callsFake((input: { recoveryInstanceIDs: string[] }) => {
      if (input.recoveryInstanceIDs.some((id) => failing.has(id))) {
        throw Object.assign(new Error('Failback is in progress'), { name: 'ConflictException', $metadata: { httpStatusCode: 409 } });
      }
      return { job: { jobID: 'drsjob-00000000000000001' } };
    });

    const result = await terminate('exec-1');

    expect(result.statusCode).toBe(200);
    expect(result.body.terminated).toEqual([
      { accountId: TARGET_ACCOUNT, region: 'us-east-1', recoveryInstanceIds: expect.arrayContaining(range(0, 3).map(recoveryInstanceId)), jobId: 'drsjob-00000000000000001' },
    ]);
    expect(result.body.failed).toEqual([
      {
        accountId: OTHER_ACCOUNT,
        region: 'eu-west-1',
        recoveryInstanceIds: expect.arrayContaining(range(100, 2).map(recoveryInstanceId)),
        errorName: 'AwsRequestRejectedError',
        message: expect.stringContaining('Failback is in progress'),
      },
    ]);
    expect(await cachedIds([...range(0, 3), ...range(100, 2)])).toEqual(range(100, 2).map(sourceServerId));

    // Calling again retries only what failed.
    drs.on(TerminateRecoveryInstancesCommand).resolves({ job: { jobID: 'drsjob-00000000000000002' } });
    const retry = await terminate('exec-1');
    expect(retry.body).toMatchObject({ requested: 2, failed: [], terminated: [{ accountId: OTHER_ACCOUNT, recoveryInstanceIds: expect.arrayContaining(range(100, 2).map(recoveryInstanceId)) }] });
    expect(await terminate('exec-1')).toMatchObject({ statusCode: 404 });
  });

  it('answers 404 with a clear message when the cache holds nothing of the execution', async () => {
    const result = await terminate('exec-none');
    expect(result).toEqual({ statusCode: 404, body: { message: expect.stringMatching(/holds no instance of execution exec-none.*recovery-instance-sync/) } });
    expect(drs.calls()).toHaveLength(0);
  });

  it('answers 502 naming each failure when nothing could be terminated, and 503 when all of it was throttling', async () => {
    await deps.recoveryInstances.putMany([...launched(range(0, 2)), ...launched(range(100, 1), { accountId: OTHER_ACCOUNT })]);
    const otherIds = new Set([recoveryInstanceId(100)]);
    drs.on(TerminateRecoveryInstancesCommand).callsFake((input: { recoveryInstanceIDs: string[] }) => {
      if (input.recoveryInstanceIDs.some((id) => otherIds.has(id))) {
        throw Object.assign(new Error('not authorized to perform drs:TerminateRecoveryInstances'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      }
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
    });

    const denied = await terminate('exec-1');
    expect(denied.statusCode).toBe(502);
    expect(denied.body.message).toMatch(new RegExp(`${TARGET_ACCOUNT}/us-east-1 \\(2\\): ThrottlingError.*${OTHER_ACCOUNT}/us-east-1 \\(1\\): AccessDeniedError|${OTHER_ACCOUNT}.*AccessDeniedError.*${TARGET_ACCOUNT}.*ThrottlingError`));
    expect(await cachedIds([...range(0, 2), ...range(100, 1)])).toHaveLength(3);

    drs.on(TerminateRecoveryInstancesCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } }));
    const throttled = await terminate('exec-1');
    expect(throttled).toMatchObject({ statusCode: 503, body: { message: expect.stringContaining('calling again retries') } });
  });

  it('reports a group whose account is no longer registered as failed', async () => {
    await deps.recoveryInstances.putMany([...launched(range(0, 1)), ...launched(range(100, 1), { accountId: '444444444444' })]);
    const result = await terminate('exec-1');
    expect(result.statusCode).toBe(200);
    expect(result.body.failed).toEqual([expect.objectContaining({ accountId: '444444444444', errorName: 'NotFoundError' })]);
  });

  it('reports a call DRS accepted as terminated even when its cache records could not be removed', async () => {
    await deps.recoveryInstances.putMany(launched([1, 2]));
    jest.spyOn(deps.recoveryInstances, 'deleteMany').mockRejectedValueOnce(Object.assign(new Error('busy'), { name: 'ProvisionedThroughputExceededException' }));
    const result = await terminate('exec-1');
    expect(result).toMatchObject({ statusCode: 200, body: { failed: [], terminated: [{ accountId: TARGET_ACCOUNT, jobId: expect.stringMatching(/^drsjob-/) }] } });
  });

  it('needs RecoveryManager', async () => {
    await deps.recoveryInstances.putMany(launched([1]));
    expect(await terminate('exec-1', { username: 'pm', role: 'PlanManager' })).toMatchObject({ statusCode: 403 });
    expect(drs.calls()).toHaveLength(0);
    expect(await terminate('exec-1', { username: 'rm', role: 'RecoveryManager' })).toMatchObject({ statusCode: 200 });
  });
});

describe('terminate_selected_recovery_instances', () => {
  it('terminates exactly the one instance selected, not the rest of its execution (issue 7 §6: one ticked, 1,000 terminated)', async () => {
    await deps.recoveryInstances.putMany(launched(range(0, 1000)));

    const result = await terminateSelected([recoveryInstanceId(7)]);

    expect(result).toMatchObject({ statusCode: 200, body: { requested: 1, failed: [], notFound: [] } });
    expect(result.body.terminated).toEqual([{ accountId: TARGET_ACCOUNT, region: 'us-east-1', recoveryInstanceIds: [recoveryInstanceId(7)], jobId: expect.stringMatching(/^drsjob-/) }]);
    expect(terminateCalls()).toEqual([[recoveryInstanceId(7)]]);
    expect(await cachedIds([7])).toEqual([]);
    expect(await cachedIds(range(0, 1000))).toHaveLength(999);
  });

  it('groups the selection by account and region from the cache, 200 ids per call, across executions', async () => {
    await deps.recoveryInstances.putMany([
      ...launched(range(0, 250)), // TARGET us-east-1
      ...launched(range(1000, 2), { region: 'us-west-2', sourceExecutionId: 'exec-2' }),
      ...launched(range(2000, 1), { accountId: HUB_ACCOUNT, sourceExecutionId: null }), // launched outside the orchestrator
    ]);
    const selected = [...range(0, 201), 1000, 2000].map(recoveryInstanceId);

    const result = await terminateSelected(selected);

    expect(result.statusCode).toBe(200);
    expect(result.body.requested).toBe(203);
    const groups = result.body.terminated.map((g: any) => [g.accountId, g.region, g.recoveryInstanceIds.length]).sort();
    expect(groups).toEqual(
      [
        [HUB_ACCOUNT, 'us-east-1', 1],
        [TARGET_ACCOUNT, 'us-east-1', 1],
        [TARGET_ACCOUNT, 'us-east-1', 200],
        [TARGET_ACCOUNT, 'us-west-2', 1],
      ].sort(),
    );
    expect(terminateCalls().flat().sort()).toEqual([...selected].sort());
    expect(await cachedIds(range(201, 49))).toHaveLength(49);
    expect(await cachedIds([1001])).toEqual([sourceServerId(1001)]);
  });

  it('lists ids the cache does not hold in notFound and sends nothing for them; 404 when it holds none', async () => {
    await deps.recoveryInstances.putMany(launched([1]));
    const unknown = recoveryInstanceId(99_999);

    const result = await terminateSelected([recoveryInstanceId(1), unknown]);
    expect(result).toMatchObject({ statusCode: 200, body: { requested: 1, notFound: [unknown] } });
    expect(terminateCalls()).toEqual([[recoveryInstanceId(1)]]);

    const callsBefore = drs.calls().length;
    const none = await terminateSelected([unknown]);
    expect(none).toEqual({ statusCode: 404, body: { message: expect.stringMatching(/holds none of the 1 recovery instances.*recovery-instance-sync/) } });
    expect(drs.calls()).toHaveLength(callsBefore);
  });

  it('reports per-group failures, keeps their records, and answers 502 when nothing was terminated', async () => {
    await deps.recoveryInstances.putMany([...launched([1]), ...launched([100], { accountId: OTHER_ACCOUNT, region: 'eu-west-1' })]);
    drs.on(TerminateRecoveryInstancesCommand).callsFake((input: { recoveryInstanceIDs: string[] }) => {
      if (input.recoveryInstanceIDs.includes(recoveryInstanceId(100))) {
        throw Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      }
      return { job: { jobID: 'drsjob-00000000000000009' } };
    });

    const partial = await terminateSelected([recoveryInstanceId(1), recoveryInstanceId(100)]);
    expect(partial.statusCode).toBe(200);
    expect(partial.body.failed).toEqual([expect.objectContaining({ accountId: OTHER_ACCOUNT, region: 'eu-west-1', errorName: 'AccessDeniedError' })]);
    expect(await cachedIds([1, 100])).toEqual([sourceServerId(100)]);

    const failed = await terminateSelected([recoveryInstanceId(100)]);
    expect(failed).toMatchObject({ statusCode: 502, body: { message: expect.stringContaining(`${OTHER_ACCOUNT}/eu-west-1 (1): AccessDeniedError`) } });
  });

  it('refuses a bad body with 400 and its schema errors: empty, repeated, malformed or more than 1000 ids', async () => {
    for (const ids of [[], [recoveryInstanceId(1), recoveryInstanceId(1)], ['s-123'], range(0, 1001).map(recoveryInstanceId)]) {
      const result = await terminateSelected(ids);
      expect(result).toMatchObject({ statusCode: 400, body: { errors: expect.any(Array) } });
    }
    expect(drs.calls()).toHaveLength(0);
  });

  it('needs RecoveryManager', async () => {
    await deps.recoveryInstances.putMany(launched([1]));
    expect(await terminateSelected([recoveryInstanceId(1)], { username: 'pm', role: 'PlanManager' })).toMatchObject({ statusCode: 403 });
    expect(drs.calls()).toHaveLength(0);
    expect(await terminateSelected([recoveryInstanceId(1)], { username: 'rm', role: 'RecoveryManager' })).toMatchObject({ statusCode: 200 });
  });
});
