/**
 * ReleaseEndedExecution and the bookkeeping around stuck runs, against a real
 * SyncRunRepository on an embedded DynamoDB: the record takes the real end
 * status, the lock is released, and running it twice changes nothing more.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AddressInfo, Server } from 'node:net';
import type { ExecutionEndedEvent } from '../../../contracts/tasks/execution-status-change';
import { SyncRunRepository } from '../../../lib/repositories/sync-runs';
import { recoveryInstanceSyncStatus } from '../../../lib/recovery-instances/sync-control';
import { RECOVERY_INSTANCE_SYNC_NAME } from '../../../state-machines/recovery-instance-sync';
import { run as beginSyncRun, SYNC_NAME, SYNC_LOCK_TTL_MS } from '../../../tasks/recovery-instance-sync/begin-sync-run';
import { run as releaseEnded, syncRunReleaser } from '../../../tasks/executions/release-ended-execution';
import { run as completeSyncRun } from '../../../tasks/recovery-instance-sync/complete-sync-run';
import { run as removeUnregistered } from '../../../tasks/recovery-instance-sync/remove-unregistered-records';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

const MACHINE = 'arn:aws:states:us-east-1:111111111111:stateMachine:recovery-instance-sync';
const arnOf = (name: string) => `arn:aws:states:us-east-1:111111111111:execution:recovery-instance-sync:${name}`;
const START = Date.parse('2026-12-02T10:00:00.000Z');

let server: Server;
let client: DynamoDBClient;
let runs: SyncRunRepository;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await client.send(
    new CreateTableCommand({
      TableName: 'SyncRuns',
      KeySchema: [{ AttributeName: 'syncName', KeyType: 'HASH' }, { AttributeName: 'runId', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'syncName', AttributeType: 'S' }, { AttributeName: 'runId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  runs = new SyncRunRepository('SyncRuns', DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }));
});

afterAll(async () => {
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const ended = (name: string, status: 'FAILED' | 'TIMED_OUT' | 'ABORTED', extra: Partial<ExecutionEndedEvent['detail']> = {}): ExecutionEndedEvent => ({
  source: 'aws.states',
  'detail-type': 'Step Functions Execution Status Change',
  detail: { executionArn: arnOf(name), stateMachineArn: MACHINE, name, status, startDate: START, stopDate: START + 900_000, error: null, cause: null, ...extra },
});

const deps = () => ({ releasers: { [SYNC_NAME]: syncRunReleaser(runs) } });

describe('ReleaseEndedExecution', () => {
  it('is registered under the state machine\'s own name', () => {
    expect(SYNC_NAME).toBe(RECOVERY_INSTANCE_SYNC_NAME);
  });

  it('TIMED_OUT: the RUNNING record takes the status, and the lock is released so the next run is not skipped', async () => {
    await beginSyncRun({ executionArn: arnOf('timed-out'), startedAt: new Date(START).toISOString(), machineInput: {} }, { runs });
    expect((await recoveryInstanceSyncStatus(runs)).running).toBe(true);

    const out = await releaseEnded(ended('timed-out', 'TIMED_OUT', { error: 'States.Timeout' }), deps());
    expect(out).toEqual({ executionArn: arnOf('timed-out'), status: 'TIMED_OUT', recordUpdated: true, lockReleased: true });
    const status = await recoveryInstanceSyncStatus(runs);
    expect(status.running).toBe(false);
    expect(status.lastRun).toMatchObject({ status: 'TIMED_OUT', durationMs: 900_000, endedAt: '2026-12-02T10:15:00.000Z', errors: [{ errorName: 'States.Timeout', message: 'States.Timeout' }] });
    await expect(runs.acquireLock(SYNC_NAME, arnOf('next'), SYNC_LOCK_TTL_MS)).resolves.toBeUndefined();
    await runs.releaseLock(SYNC_NAME, arnOf('next'));
  });

  it('finds the run through the lock even when the event\'s start date is not the one the run was named after', async () => {
    await beginSyncRun({ executionArn: arnOf('skewed'), startedAt: new Date(START + 60_000).toISOString(), machineInput: {} }, { runs });
    const out = await releaseEnded(ended('skewed', 'ABORTED', { error: 'Cancelled', cause: 'by operator' }), deps());
    expect(out).toMatchObject({ recordUpdated: true, lockReleased: true });
    const [run] = (await runs.latest(SYNC_NAME, 10)).filter((r) => r.executionArn === arnOf('skewed'));
    expect(run).toMatchObject({ status: 'ABORTED', errors: [{ errorName: 'Cancelled', message: 'Cancelled: by operator' }] });
  });

  it('a second delivery of the same event changes nothing (events arrive at least once)', async () => {
    await beginSyncRun({ executionArn: arnOf('twice'), startedAt: new Date(START + 120_000).toISOString(), machineInput: {} }, { runs });
    expect(await releaseEnded(ended('twice', 'FAILED', { startDate: START + 120_000, error: 'Lambda.Unknown' }), deps())).toMatchObject({ recordUpdated: true, lockReleased: true });
    expect(await releaseEnded(ended('twice', 'FAILED', { startDate: START + 120_000, error: 'Lambda.Unknown' }), deps())).toMatchObject({ recordUpdated: false, lockReleased: false });
  });

  it('FAILED after its own Catch recorded the run: the detailed record is kept, and another run\'s lock is left alone', async () => {
    await runs.put({ syncName: SYNC_NAME, runId: `${new Date(START + 180_000).toISOString()}#caught`, executionArn: arnOf('caught'), status: 'FAILED', startedAt: new Date(START + 180_000).toISOString(), errors: [{ message: 'ListSyncTargets output is invalid' }] });
    await runs.acquireLock(SYNC_NAME, arnOf('other'), SYNC_LOCK_TTL_MS);
    const out = await releaseEnded(ended('caught', 'FAILED', { startDate: START + 180_000, error: 'SyncFailed' }), deps());
    expect(out).toMatchObject({ recordUpdated: false, lockReleased: false });
    expect(await runs.lockHolder(SYNC_NAME)).toMatchObject({ holder: arnOf('other') });
    const [run] = (await runs.latest(SYNC_NAME, 10)).filter((r) => r.executionArn === arnOf('caught'));
    expect(run!.errors).toEqual([{ message: 'ListSyncTargets output is invalid' }]);
    await runs.releaseLock(SYNC_NAME, arnOf('other'));
  });

  it('a CompleteSyncRun that raced the stop keeps the recorded ABORTED (guarded transition) and still releases the lock', async () => {
    const startedAt = new Date(START + 240_000).toISOString();
    const { runId } = await beginSyncRun({ executionArn: arnOf('raced'), startedAt, machineInput: {} }, { runs });
    await releaseEnded(ended('raced', 'ABORTED', { startDate: START + 240_000 }), deps());
    await runs.acquireLock(SYNC_NAME, arnOf('raced'), SYNC_LOCK_TTL_MS); // the in-flight task still believes it holds it
    const out = await completeSyncRun({ executionArn: arnOf('raced'), runId, startedAt, results: [] }, { runs, now: () => new Date(START + 300_000) });
    expect(out.status).toBe('SUCCEEDED');
    const [run] = (await runs.latest(SYNC_NAME, 20)).filter((r) => r.executionArn === arnOf('raced'));
    expect(run!.status).toBe('ABORTED');
    expect(await runs.lockHolder(SYNC_NAME)).toBeUndefined();
  });

  it('a machine with no releaser is acknowledged without touching anything', async () => {
    const event = ended('x', 'ABORTED', { stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:something-else', executionArn: 'arn:aws:states:us-east-1:111111111111:execution:something-else:x' });
    expect(await releaseEnded(event, deps())).toMatchObject({ recordUpdated: false, lockReleased: false });
  });
});

describe('RemoveUnregisteredRecords', () => {
  it('removes the records of account-regions outside the registered targets, and only those', async () => {
    const placements = [
      { sourceServerId: 's-00000000000000001', accountId: '222222222222', region: 'us-east-1' },
      { sourceServerId: 's-00000000000000002', accountId: '222222222222', region: 'us-west-2' },
      { sourceServerId: 's-00000000000000003', accountId: '333333333333', region: 'us-east-1' },
    ];
    const deleted: string[][] = [];
    const store = { scanPlacements: async () => placements, deleteMany: async (ids: readonly string[]) => deleted.push([...ids]) };
    const out = await removeUnregistered({ executionArn: arnOf('r'), targets: [{ accountId: '222222222222', region: 'us-east-1' }] }, { store });
    expect(deleted).toEqual([['s-00000000000000002', 's-00000000000000003']]);
    expect(out).toEqual({ recordsRemoved: 2, accountRegions: [{ accountId: '222222222222', region: 'us-west-2' }, { accountId: '333333333333', region: 'us-east-1' }] });
  });

  it('deletes nothing when every record belongs to a registered account-region', async () => {
    const store = { scanPlacements: async () => [{ sourceServerId: 's-00000000000000001', accountId: '222222222222', region: 'us-east-1' }], deleteMany: jest.fn() };
    expect(await removeUnregistered({ executionArn: arnOf('r'), targets: [{ accountId: '222222222222', region: 'us-east-1' }] }, { store })).toEqual({ recordsRemoved: 0, accountRegions: [] });
    expect(store.deleteMany).not.toHaveBeenCalled();
  });
});
