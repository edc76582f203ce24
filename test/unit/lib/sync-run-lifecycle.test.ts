import type { SyncRunRecord, SyncTargetResult } from '../../../contracts/records/sync-run';
import { SyncAlreadyRunningError } from '../../../lib/errors';
import { metrics } from '../../../lib/observability';
import type { RegionScanPlan } from '../../../lib/regions/active-region-filter';
import { causeMessage } from '../../../lib/sync-runs/caught-error';
import { failedTargetResult, planScanTargets, recordRunEnd, runDurationMs, runIdentity, runOutcome, splitResults, startRun, sumOf } from '../../../lib/sync-runs/run-lifecycle';

const EXECUTION = 'arn:aws:states:us-east-1:111111111111:execution:tag-sync:run-7';

const target = (status: SyncTargetResult['status'], accountId = '111111111111', region = 'us-east-1'): SyncTargetResult => ({
  accountId,
  region,
  status,
  instancesProcessed: 0,
  recordsRemoved: 0,
  warnings: [],
  ...(status === 'FAILED' ? { errorName: 'AccessDeniedError', errorMessage: 'denied' } : {}),
});

describe('runIdentity', () => {
  it('names the run by its ISO start and the execution name, so run ids sort by start', () => {
    expect(runIdentity({ executionArn: EXECUTION, startedAt: '2026-12-03T09:00:00Z' })).toEqual({ runId: '2026-12-03T09:00:00.000Z#run-7', startedAt: '2026-12-03T09:00:00.000Z' });
  });
});

describe('planScanTargets', () => {
  it('asks the active-region filter for this sync and orders its targets by account, then region, keeping only what the Map needs', async () => {
    const plan = {
      targets: [
        { accountId: '222222222222', region: 'us-east-1', reason: 'active', extra: 1 },
        { accountId: '111111111111', region: 'us-west-2', reason: 'fallback' },
        { accountId: '111111111111', region: 'eu-west-1', reason: 'unknown' },
      ],
    } as unknown as RegionScanPlan;
    const regions = { plan: jest.fn(async () => plan) };
    const out = await planScanTargets(regions, 'tag-sync', [{ accountId: '111111111111', regions: ['eu-west-1', 'us-west-2'] }, { accountId: '222222222222', regions: ['us-east-1'] }]);
    expect(regions.plan).toHaveBeenCalledWith('tag-sync', [
      { accountId: '111111111111', regions: ['eu-west-1', 'us-west-2'] },
      { accountId: '222222222222', regions: ['us-east-1'] },
    ]);
    expect(out.plan).toBe(plan);
    expect(out.scanTargets).toEqual([
      { accountId: '111111111111', region: 'eu-west-1', reason: 'unknown' },
      { accountId: '111111111111', region: 'us-west-2', reason: 'fallback' },
      { accountId: '222222222222', region: 'us-east-1', reason: 'active' },
    ]);
  });
});

describe('startRun', () => {
  const options = { syncName: 'tag-sync', executionArn: EXECUTION, runId: 'r1', startedAt: '2026-12-03T09:00:00.000Z', lockTtlMs: 60_000, nowMs: 5, skippedMessage: 'skipped' } as const;

  it('takes the lock, then records the run RUNNING', async () => {
    const events: string[] = [];
    const runs = {
      acquireLock: jest.fn(async () => void events.push('lock')),
      put: jest.fn(async (run: SyncRunRecord) => void events.push(`put:${run.status}`)),
    };
    await startRun(runs, options);
    expect(events).toEqual(['lock', 'put:RUNNING']);
    expect(runs.acquireLock).toHaveBeenCalledWith('tag-sync', EXECUTION, 60_000, { holderRunId: 'r1', nowMs: 5 });
    expect(runs.put).toHaveBeenCalledWith({ syncName: 'tag-sync', runId: 'r1', executionArn: EXECUTION, status: 'RUNNING', startedAt: options.startedAt });
  });

  it('counts SyncSkipped and rethrows when another run holds the lock, recording nothing', async () => {
    const added = jest.spyOn(metrics, 'addMetric');
    const runs = { acquireLock: jest.fn(async () => Promise.reject(new SyncAlreadyRunningError('held'))), put: jest.fn() };
    await expect(startRun(runs, options)).rejects.toBeInstanceOf(SyncAlreadyRunningError);
    expect(added).toHaveBeenCalledWith('SyncSkipped', 'Count', 1);
    expect(runs.put).not.toHaveBeenCalled();
    added.mockRestore();
  });

  it('rethrows any other lock error without counting a skip', async () => {
    const added = jest.spyOn(metrics, 'addMetric');
    const runs = { acquireLock: jest.fn(async () => Promise.reject(new Error('table unreachable'))), put: jest.fn() };
    await expect(startRun(runs, options)).rejects.toThrow('table unreachable');
    expect(added).not.toHaveBeenCalled();
    added.mockRestore();
  });
});

describe('runOutcome', () => {
  it('is SUCCEEDED when every account-region succeeded, and when there was none', () => {
    expect(runOutcome([target('SUCCEEDED'), target('SUCCEEDED', '222222222222')]).status).toBe('SUCCEEDED');
    expect(runOutcome([]).status).toBe('SUCCEEDED');
  });

  it('is PARTIAL when some failed or were partial, or when the sync says so', () => {
    expect(runOutcome([target('SUCCEEDED'), target('FAILED', '222222222222')]).status).toBe('PARTIAL');
    expect(runOutcome([target('SUCCEEDED'), target('PARTIAL', '222222222222')]).status).toBe('PARTIAL');
    expect(runOutcome([target('SUCCEEDED')], undefined, true).status).toBe('PARTIAL');
  });

  it('is FAILED when every account-region failed, or the run failed as a whole', () => {
    expect(runOutcome([target('FAILED'), target('FAILED', '222222222222')]).status).toBe('FAILED');
    expect(runOutcome([target('SUCCEEDED')], { Error: 'States.TaskFailed', Cause: 'boom' }).status).toBe('FAILED');
  });

  it('lists an error per failed account-region, then the run failure (its Cause made readable)', () => {
    const outcome = runOutcome([target('SUCCEEDED'), target('FAILED', '222222222222')], { Error: 'Lambda.Unknown', Cause: JSON.stringify({ errorMessage: 'out of memory', trace: ['x'] }) });
    expect(outcome.failed.map((t) => t.accountId)).toEqual(['222222222222']);
    expect(outcome.errors).toEqual([
      { accountId: '222222222222', region: 'us-east-1', errorName: 'AccessDeniedError', message: 'denied' },
      { errorName: 'Lambda.Unknown', message: 'out of memory' },
    ]);
  });
});

describe('failedTargetResult', () => {
  it('records a caught iteration failure as a FAILED account-region with its error', () => {
    expect(failedTargetResult({ accountId: '111111111111', region: 'eu-west-1', error: { Error: 'AccessDeniedError', Cause: '{"errorMessage":"not allowed"}' } })).toEqual({
      accountId: '111111111111',
      region: 'eu-west-1',
      status: 'FAILED',
      instancesProcessed: 0,
      recordsRemoved: 0,
      warnings: [],
      errorName: 'AccessDeniedError',
      errorMessage: 'not allowed',
    });
  });
});

describe('runDurationMs and recordRunEnd', () => {
  it('never reports a negative duration', () => {
    expect(runDurationMs('2026-12-03T09:00:00.000Z', new Date('2026-12-03T09:00:02.500Z'))).toBe(2500);
    expect(runDurationMs('2026-12-03T09:00:00.000Z', new Date('2026-12-03T08:59:59.000Z'))).toBe(0);
  });

  it('writes the end record and keeps going when an end was already recorded', async () => {
    const record = { syncName: 'tag-sync', runId: 'r1', executionArn: EXECUTION, status: 'SUCCEEDED', startedAt: '2026-12-03T09:00:00.000Z' } as SyncRunRecord;
    const runs = { finish: jest.fn(async () => false) };
    await expect(recordRunEnd(runs, record)).resolves.toBeUndefined();
    expect(runs.finish).toHaveBeenCalledWith(record);
  });
});

describe('causeMessage', () => {
  it('reads the errorMessage of a Lambda error Cause and leaves the stack trace out', () => {
    expect(causeMessage({ Error: 'AccessDeniedError', Cause: JSON.stringify({ errorType: 'AccessDeniedError', errorMessage: 'not allowed', trace: ['at x'] }) })).toBe('not allowed');
  });

  it('keeps a plain Cause, falls back to the Error, and caps the length', () => {
    expect(causeMessage({ Error: 'States.Timeout', Cause: 'took too long' })).toBe('took too long');
    expect(causeMessage({ Error: 'States.Timeout' })).toBe('States.Timeout');
    const long = causeMessage({ Error: 'E', Cause: 'x'.repeat(5000) });
    expect(long).toHaveLength(1024);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('splitResults and sumOf', () => {
  it('keeps the succeeded results for the counts and every account-region, in order, for the record', () => {
    type Own = { accountId: string; region: string; status: 'SUCCEEDED'; servers: number };
    const ok: Own = { accountId: '111111111111', region: 'us-east-1', status: 'SUCCEEDED', servers: 3 };
    const failed = { accountId: '222222222222', region: 'eu-west-1', error: { Error: 'AccessDeniedError', Cause: 'denied' } };
    const other: Own = { ...ok, region: 'us-west-2', servers: 4 };
    const { succeeded, targets } = splitResults<Own>([ok, failed, other], (r) => ({ ...target('SUCCEEDED', r.accountId, r.region), instancesProcessed: r.servers }));
    expect(succeeded).toEqual([ok, other]);
    expect(targets.map((t) => [t.region, t.status, t.instancesProcessed])).toEqual([
      ['us-east-1', 'SUCCEEDED', 3],
      ['eu-west-1', 'FAILED', 0],
      ['us-west-2', 'SUCCEEDED', 4],
    ]);
    expect(sumOf(succeeded, (r) => r.servers)).toBe(7);
    expect(splitResults<Own>(undefined, () => target('SUCCEEDED'))).toEqual({ succeeded: [], targets: [] });
  });
});
