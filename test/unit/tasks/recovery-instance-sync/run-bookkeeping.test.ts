import type { RegionStatusRecord } from '../../../../contracts/records/region-status';
import { ActiveRegionFilter, invalidateActiveRegions } from '../../../../lib/regions/active-region-filter';
import { run as beginSyncRun } from '../../../../tasks/recovery-instance-sync/begin-sync-run';
import { run as completeSyncRun } from '../../../../tasks/recovery-instance-sync/complete-sync-run';
import { run as listSyncTargets } from '../../../../tasks/recovery-instance-sync/list-sync-targets';
import { SyncAlreadyRunningError } from '../../../../lib/errors';
import type { SyncRunRecord } from '../../../../contracts/records/sync-run';
import { metrics } from '../../../../lib/observability';

const EXECUTION = 'arn:aws:states:us-east-1:111111111111:execution:recovery-instance-sync:run-1';

function fakeRuns() {
  const puts: SyncRunRecord[] = [];
  const events: string[] = [];
  return {
    puts,
    events,
    acquireLock: jest.fn(async (_name: string, holder: string) => void events.push(`lock:${holder}`)),
    releaseLock: jest.fn(async (_name: string, holder: string) => events.push(`release:${holder}`) > 0),
    put: jest.fn(async (run: SyncRunRecord) => void puts.push(run)),
    finish: jest.fn(async (run: SyncRunRecord) => puts.push(run) > 0),
  };
}

describe('begin-sync-run', () => {
  it('takes the lock before recording the run as RUNNING, with a run id that sorts by time', async () => {
    const runs = fakeRuns();
    const out = await beginSyncRun({ executionArn: EXECUTION, startedAt: '2026-11-22T10:00:00.000Z', machineInput: {} }, { runs, now: () => new Date('2026-11-22T10:00:01.000Z') });
    expect(out).toEqual({ runId: '2026-11-22T10:00:00.000Z#run-1', startedAt: '2026-11-22T10:00:00.000Z' });
    expect(runs.events).toEqual([`lock:${EXECUTION}`]);
    expect(runs.puts).toEqual([{ syncName: 'recovery-instance-sync', runId: out.runId, executionArn: EXECUTION, status: 'RUNNING', startedAt: out.startedAt }]);
  });

  it('judges the lock on the clock in its dependencies, not the system clock (the virtual one on the local platform)', async () => {
    const runs = fakeRuns();
    const now = new Date('2031-05-01T08:00:00.000Z');
    await beginSyncRun({ executionArn: EXECUTION, startedAt: now.toISOString(), machineInput: {} }, { runs, now: () => now });
    expect(runs.acquireLock).toHaveBeenCalledWith('recovery-instance-sync', EXECUTION, 15 * 60_000, expect.objectContaining({ nowMs: now.getTime() }));
  });

  it('records nothing when another run holds the lock, and counts the run as skipped, not as a success', async () => {
    const runs = fakeRuns();
    const addMetric = jest.spyOn(metrics, 'addMetric');
    runs.acquireLock.mockRejectedValueOnce(new SyncAlreadyRunningError('busy'));
    await expect(beginSyncRun({ executionArn: EXECUTION, startedAt: '2026-11-22T10:00:00.000Z', machineInput: {} }, { runs, now: () => new Date('2026-11-22T10:00:01.000Z') })).rejects.toMatchObject({ name: 'SyncAlreadyRunningError' });
    expect(runs.puts).toEqual([]);
    expect(addMetric.mock.calls.map(([name]) => name)).toEqual(['SyncSkipped']);
    addMetric.mockRestore();
  });

  it('names the lock\'s holder run, so whoever releases the lock for it can find the record', async () => {
    const runs = fakeRuns();
    const now = new Date('2026-11-22T10:00:01.000Z');
    const out = await beginSyncRun({ executionArn: EXECUTION, startedAt: '2026-11-22T10:00:00.000Z', machineInput: {} }, { runs, now: () => now });
    expect(runs.acquireLock).toHaveBeenCalledWith('recovery-instance-sync', EXECUTION, expect.any(Number), { holderRunId: out.runId, nowMs: now.getTime() });
  });
});

describe('list-sync-targets', () => {
  const NOW = new Date('2026-11-22T10:00:00.000Z');
  const status = (accountId: string, region: string, serverCount: number, initialized = true): RegionStatusRecord => ({
    accountId,
    region,
    serverCount,
    initialized,
    lastChecked: '2026-11-22T09:00:00.000Z',
    lastError: null,
  });
  const filter = (records: RegionStatusRecord[]) => new ActiveRegionFilter({ statuses: { listAll: async () => records }, now: () => NOW });
  beforeEach(() => invalidateActiveRegions());

  it('expands every account into one target per region, in a stable order, and scans them all while the region status table is empty', async () => {
    const accounts = { list: async () => [{ accountId: '333333333333', regions: ['us-west-2', 'eu-west-1'] }, { accountId: '222222222222', regions: ['us-east-1'] }] };
    expect(await listSyncTargets({ executionArn: EXECUTION }, { accounts, regions: filter([]) })).toEqual({
      targetCount: 3,
      targets: [
        { accountId: '222222222222', region: 'us-east-1' },
        { accountId: '333333333333', region: 'eu-west-1' },
        { accountId: '333333333333', region: 'us-west-2' },
      ],
      scanCount: 3,
      scanTargets: [
        { accountId: '222222222222', region: 'us-east-1', reason: 'fallback' },
        { accountId: '333333333333', region: 'eu-west-1', reason: 'fallback' },
        { accountId: '333333333333', region: 'us-west-2', reason: 'fallback' },
      ],
      regionsSkipped: 0,
      fallback: true,
      callsSavedPercent: 0,
    });
  });

  it('scans only what the active-region filter keeps, but still lists every registered region (so skipped regions keep their records)', async () => {
    const accounts = { list: async () => [{ accountId: '333333333333', regions: ['us-west-2', 'eu-west-1'] }, { accountId: '222222222222', regions: ['us-east-1'] }] };
    const out = await listSyncTargets({ executionArn: EXECUTION }, { accounts, regions: filter([status('333333333333', 'eu-west-1', 4), status('333333333333', 'us-west-2', 0), status('222222222222', 'us-east-1', 0, false)]) });
    expect(out.targets).toHaveLength(3);
    expect(out.scanTargets).toEqual([{ accountId: '333333333333', region: 'eu-west-1', reason: 'active' }]);
    expect(out).toMatchObject({ scanCount: 1, regionsSkipped: 2, fallback: false, callsSavedPercent: 66.7 });
  });

  it('gives an empty list when no account is registered', async () => {
    expect(await listSyncTargets({ executionArn: EXECUTION }, { accounts: { list: async () => [] }, regions: filter([]) })).toMatchObject({ targets: [], targetCount: 0, scanTargets: [], scanCount: 0 });
  });
});

describe('complete-sync-run', () => {
  const base = { executionArn: EXECUTION, runId: '2026-11-22T10:00:00.000Z#run-1', startedAt: '2026-11-22T10:00:00.000Z' };
  const ok = (region: string, n: number) => ({ accountId: '222222222222', region, status: 'SUCCEEDED' as const, instancesProcessed: n, recordsRemoved: 1, warnings: [], apiCalls: { drs: 2, ec2: 1 } });
  const now = () => new Date('2026-11-22T10:01:30.000Z');

  it('records a SUCCEEDED run with totals and releases the lock', async () => {
    const runs = fakeRuns();
    const out = await completeSyncRun({ ...base, results: [ok('us-east-1', 10), ok('us-west-2', 5)] }, { runs, now });
    expect(out).toEqual({ runId: base.runId, status: 'SUCCEEDED', durationMs: 90_000, instancesProcessed: 15, regionsScanned: 2, errorCount: 0 });
    expect(runs.puts[0]).toMatchObject({ status: 'SUCCEEDED', endedAt: '2026-11-22T10:01:30.000Z', recordsRemoved: 2, errors: [] });
    expect(runs.releaseLock).toHaveBeenCalledWith('recovery-instance-sync', EXECUTION);
  });

  it('says PARTIAL when some account-regions failed, keeping the readable message of each Cause', async () => {
    const runs = fakeRuns();
    const cause = JSON.stringify({ errorType: 'AccessDeniedError', errorMessage: 'AssumeRole denied for 333333333333', trace: ['at x', 'at y'] });
    const out = await completeSyncRun(
      { ...base, results: [ok('us-east-1', 10), { accountId: '333333333333', region: 'eu-west-1', error: { Error: 'AccessDeniedError', Cause: cause } }] },
      { runs, now },
    );
    expect(out).toMatchObject({ status: 'PARTIAL', errorCount: 1, regionsScanned: 1, instancesProcessed: 10 });
    expect(runs.puts[0].errors).toEqual([{ accountId: '333333333333', region: 'eu-west-1', errorName: 'AccessDeniedError', message: 'AssumeRole denied for 333333333333' }]);
    expect(runs.puts[0].targets?.[1]).toMatchObject({ status: 'FAILED', errorName: 'AccessDeniedError' });
  });

  it('says FAILED when every account-region failed, or when the run itself failed', async () => {
    const runs = fakeRuns();
    const allFailed = await completeSyncRun({ ...base, results: [{ accountId: '222222222222', region: 'us-east-1', error: { Error: 'States.Timeout' } }] }, { runs, now });
    expect(allFailed.status).toBe('FAILED');
    const runFailed = await completeSyncRun({ ...base, failure: { Error: 'States.TaskFailed', Cause: 'the table is gone' } }, { runs, now });
    expect(runFailed).toMatchObject({ status: 'FAILED', errorCount: 1 });
    expect(runs.puts[1].errors).toEqual([{ errorName: 'States.TaskFailed', message: 'the table is gone' }]);
    expect(runs.releaseLock).toHaveBeenCalledTimes(2);
  });
});
