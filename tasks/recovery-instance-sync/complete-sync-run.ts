import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SyncRunRecord, SyncTargetResult } from '../../contracts/records/sync-run';
import {
  completeSyncRunInputSchema,
  completeSyncRunOutputSchema,
  type CompleteSyncRunInput,
  type CompleteSyncRunOutput,
  type FailedSyncTarget,
} from '../../contracts/tasks/recovery-instance-sync';
import { logger, metrics } from '../../lib/observability';
import { processClock } from '../../lib/clock';
import { SyncRunRepository } from '../../lib/repositories/sync-runs';
import { taskHandler } from '../../lib/task-handler';
import { SYNC_NAME } from './begin-sync-run';
import { causeMessage } from './lib/caught-error';

/** A sync slower than this is a warning sign: the schedule runs every 5 minutes. */
export const SLOW_SYNC_THRESHOLD_MS = 4 * 60_000;

export interface CompleteSyncRunDependencies {
  readonly runs: Pick<SyncRunRepository, 'finish' | 'releaseLock'>;
  readonly now: () => Date;
}

const isFailed = (r: SyncTargetResult | FailedSyncTarget): r is FailedSyncTarget => 'error' in r;

function toTargetResult(result: SyncTargetResult | FailedSyncTarget): SyncTargetResult {
  if (!isFailed(result)) return result;
  return {
    accountId: result.accountId,
    region: result.region,
    status: 'FAILED',
    instancesProcessed: 0,
    recordsRemoved: 0,
    warnings: [],
    errorName: result.error.Error,
    errorMessage: causeMessage(result.error),
  };
}

/** Records how the run went (per account-region and in total), emits the sync's metrics, and releases the lock. */
export async function run(input: CompleteSyncRunInput, deps: CompleteSyncRunDependencies): Promise<CompleteSyncRunOutput> {
  const targets = (input.results ?? []).map(toTargetResult);
  const endedAt = deps.now();
  const durationMs = Math.max(0, endedAt.getTime() - new Date(input.startedAt).getTime());
  const failedTargets = targets.filter((t) => t.status === 'FAILED');
  const errors: NonNullable<SyncRunRecord['errors']> = failedTargets.map((t) => ({
    accountId: t.accountId,
    region: t.region,
    errorName: t.errorName,
    message: t.errorMessage ?? t.errorName ?? 'failed',
  }));
  if (input.failure) errors.push({ errorName: input.failure.Error, message: causeMessage(input.failure) });

  const status: CompleteSyncRunOutput['status'] = input.failure
    ? 'FAILED'
    : failedTargets.length > 0 && failedTargets.length === targets.length
      ? 'FAILED'
      : failedTargets.length > 0 || targets.some((t) => t.status === 'PARTIAL')
        ? 'PARTIAL'
        : 'SUCCEEDED';
  const instancesProcessed = targets.reduce((sum, t) => sum + t.instancesProcessed, 0);
  const recordsRemoved = targets.reduce((sum, t) => sum + t.recordsRemoved, 0) + (input.unregisteredRecordsRemoved ?? 0);
  const regionsScanned = targets.filter((t) => t.status !== 'FAILED').length;

  // Guarded: RUNNING → its end, never over an end already recorded (a stop that raced this task).
  const recorded = await deps.runs.finish({
    syncName: SYNC_NAME,
    runId: input.runId,
    executionArn: input.executionArn,
    status,
    startedAt: input.startedAt,
    endedAt: endedAt.toISOString(),
    durationMs,
    instancesProcessed,
    recordsRemoved,
    regionsScanned,
    targets,
    errors,
  });
  if (!recorded) logger.warn('The run had already been recorded as ended; its record is kept', { runId: input.runId, status });
  await deps.runs.releaseLock(SYNC_NAME, input.executionArn);

  metrics.addDimension('SyncName', SYNC_NAME);
  metrics.addMetric('SyncDuration', MetricUnit.Milliseconds, durationMs);
  // SyncSuccess is the cache's last refresh: the CacheStale alarm fires when none comes for three intervals.
  metrics.addMetric(status === 'FAILED' ? 'SyncFailure' : 'SyncSuccess', MetricUnit.Count, 1);
  metrics.addMetric('InstancesProcessed', MetricUnit.Count, instancesProcessed);
  metrics.addMetric('SyncTargetFailures', MetricUnit.Count, failedTargets.length);
  const apiCalls: Record<string, number> = {};
  for (const t of targets) for (const [service, n] of Object.entries(t.apiCalls ?? {})) apiCalls[service] = (apiCalls[service] ?? 0) + n;
  for (const [service, n] of Object.entries(apiCalls)) metrics.addMetric(`ApiCalls_${service}`, MetricUnit.Count, n);
  if (durationMs > SLOW_SYNC_THRESHOLD_MS) {
    metrics.addMetric('SlowSyncWarning', MetricUnit.Count, 1);
    logger.warn('Sync took longer than its threshold', { durationMs, thresholdMs: SLOW_SYNC_THRESHOLD_MS });
  }
  logger.info('Sync run completed', { runId: input.runId, status, durationMs, instancesProcessed, recordsRemoved, regionsScanned, errorCount: errors.length, apiCalls });

  return { runId: input.runId, status, durationMs, instancesProcessed, regionsScanned, errorCount: errors.length };
}

let deps: CompleteSyncRunDependencies | undefined;
export const handler = taskHandler<CompleteSyncRunInput, CompleteSyncRunOutput>({
  name: 'CompleteSyncRun',
  inputSchema: completeSyncRunInputSchema,
  outputSchema: completeSyncRunOutputSchema,
  // Step Functions re-invokes a task after a Lambda service error even when it did its work: the run's metrics count once.
  idempotency: { expiresAfterSeconds: 24 * 3600 },
  run: (input) => run(input, (deps ??= { runs: new SyncRunRepository(), now: () => processClock.now() })),
});
