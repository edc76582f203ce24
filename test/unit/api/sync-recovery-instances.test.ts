import '../../support/api/env';
import { mockSdkClient } from '../../support/api/sdk-mock';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ApiDeps } from '../../../api/deps';
import { createApiHandler } from '../../../api/handler';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';
import { claimsFor, lambdaContext, proxyEvent, SYNC_STATE_MACHINE_ARN, syncRunRecord, testDeps } from '../../support/api/fixtures';

const sfn = mockSdkClient(SFNClient);
const EXECUTION_ARN = 'arn:aws:states:us-east-1:111111111111:execution:recovery-instance-sync:manual-1';

let dynamo: TestDynamo;
let deps: ApiDeps;
let handler: ReturnType<typeof createApiHandler>;
let call: (operation: string, params?: Record<string, unknown>) => Promise<{ statusCode: number; body: any }>;

beforeAll(async () => {
  dynamo = await startDynamo();
});
beforeEach(async () => {
  sfn.reset();
  deps = await testDeps(dynamo);
  handler = createApiHandler(deps);
  call = async (operation, params = {}) => (await handler({ operation, ...params }, lambdaContext())) as { statusCode: number; body: any };
});
afterEach(() => deps.awsClients.destroy());
afterAll(async () => {
  sfn.restore();
  await dynamo.close();
});

describe('sync_recovery_instances', () => {
  it('starts the sync state machine and answers 202 with the execution', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date('2030-01-02T03:04:06.000Z') });

    const event = proxyEvent({ method: 'POST', path: '/drs/recovery-instance-sync', claims: claimsFor('Operator', 'olga') });
    const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };

    expect(result.statusCode).toBe(202);
    expect(JSON.parse(result.body)).toEqual({ executionArn: EXECUTION_ARN, startDate: '2030-01-02T03:04:06.000Z' });
    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.stateMachineArn).toBe(SYNC_STATE_MACHINE_ARN);
    expect(JSON.parse(calls[0]!.args[0].input.input)).toEqual({ trigger: 'api:user:olga' });
  });

  it('answers 400 without starting anything when the user name does not fit the machine input schema', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date('2030-01-02T03:04:06.000Z') });
    const event = proxyEvent({ method: 'POST', path: '/drs/recovery-instance-sync', claims: claimsFor('Operator', 'olga smith (ops)') });
    const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };

    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toMatchObject({ errors: [{ path: '/trigger', message: expect.stringMatching(/pattern/) }] });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('starts it from a direct request and from an EventBridge schedule', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date('2030-01-02T03:04:06.000Z') });
    expect(await call('sync_recovery_instances')).toMatchObject({ statusCode: 202, body: { executionArn: EXECUTION_ARN } });
    const scheduled = {
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: '2030-01-02T03:00:00Z',
      resources: ['arn:aws:events:us-east-1:111111111111:rule/recovery-instance-sync'],
      detail: { operation: 'sync_recovery_instances' },
    };
    expect(await handler(scheduled, lambdaContext())).toMatchObject({ statusCode: 202, body: { executionArn: EXECUTION_ARN } });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(2);
  });

  it('answers 502 when Step Functions denies the start, and a schedule then throws', async () => {
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('not authorized to perform states:StartExecution'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
    const result = await call('sync_recovery_instances');
    expect(result.statusCode).toBe(502);
    expect(result.body.message).toContain('StartExecution');
    const scheduled = { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: { operation: 'sync_recovery_instances' } };
    await expect(handler(scheduled, lambdaContext())).rejects.toThrow(/sync_recovery_instances .* answered 502/);
  });

  it('refuses a ReadOnly caller with 403 before starting anything', async () => {
    const result = await call('sync_recovery_instances', { principal: { username: 'viewer', role: 'ReadOnly' } });
    expect(result.statusCode).toBe(403);
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('get_recovery_instance_sync_status', () => {
  it('answers nulls and no runs before the first sync', async () => {
    expect(await call('get_recovery_instance_sync_status')).toEqual({
      statusCode: 200,
      body: { lastRun: null, lastCompletedRun: null, running: false, recentRuns: [] },
    });
  });

  it('reports the running run, the last finished one and the recent runs, newest first, without the table keys', async () => {
    const failed = syncRunRecord('2030-01-01T22:00:00.000Z', {
      status: 'PARTIAL',
      errors: [{ accountId: '333333333333', region: 'eu-west-1', errorName: 'AccessDeniedError', message: 'AssumeRole denied' }],
      targets: [
        { accountId: '333333333333', region: 'eu-west-1', status: 'FAILED', instancesProcessed: 0, recordsRemoved: 0, warnings: [], errorName: 'AccessDeniedError', errorMessage: 'AssumeRole denied' },
      ],
    });
    const older = syncRunRecord('2030-01-01T21:00:00.000Z');
    const { syncName: _s, runId, executionArn, startedAt } = syncRunRecord('2030-01-01T23:00:00.000Z');
    const running = { syncName: 'recovery-instance-sync' as const, runId, executionArn, startedAt, status: 'RUNNING' as const };
    await Promise.all([deps.syncRuns.put(older), deps.syncRuns.put(failed), deps.syncRuns.put(running)]);
    await deps.syncRuns.acquireLock('recovery-instance-sync', executionArn, 60_000); // the lock item is not a run

    const result = await call('get_recovery_instance_sync_status');

    const strip = ({ syncName: _n, runId: _r, ...rest }: Record<string, unknown>) => rest;
    expect(result).toEqual({
      statusCode: 200,
      body: {
        lastRun: { executionArn, startedAt, status: 'RUNNING' },
        lastCompletedRun: strip(failed),
        running: true,
        recentRuns: [{ executionArn, startedAt, status: 'RUNNING' }, strip(failed), strip(older)],
      },
    });
    expect(result.body.lastCompletedRun).toMatchObject({ durationMs: 42_000, regionsScanned: 2, instancesProcessed: 3, recordsRemoved: 1 });

    const limited = await call('get_recovery_instance_sync_status', { limit: '1' });
    expect(limited.body.recentRuns).toHaveLength(1);
    expect(limited.body.lastCompletedRun).toBeNull(); // only among the runs read
  });

  it('refuses a limit outside 1..50 with 400', async () => {
    for (const limit of ['0', '51', 'ten']) expect(await call('get_recovery_instance_sync_status', { limit })).toMatchObject({ statusCode: 400 });
  });
});
