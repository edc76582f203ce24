import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SyncTargetResult } from '../../contracts/records/sync-run';
import {
  completeSyncRunInputSchema,
  completeSyncRunOutputSchema,
  type CompleteSyncRunInput,
  type CompleteSyncRunOutput,
} from '../../contracts/tasks/recovery-instance-sync';
import { logger, metrics } from '../../lib/observability';
import { processClock } from '../../lib/clock';
import { SyncRunRepository } from '../../lib/repositories/sync-runs';
import { addRunMetrics, recordRunEnd, runDurationMs, runOutcome, splitResults } from '../../lib/sync-runs/run-lifecycle';
import { taskHandler } from '../../lib/task-handler';
import { SYNC_NAME } from './begin-sync-run';

/** A sync slower than this is a warning sign: the schedule runs every 5 minutes. */
export const SLOW_SYNC_THRESHOLD_MS = 4 * 60_000;

export interface CompleteSyncRunDependencies {
  readonly runs: Pick<SyncRunRepository, 'finish' | 'releaseLock'>;
  readonly now: () => Date;
}

/** Records how the run went (per account-region and in total), emits the sync's metrics, and releases the lock. */
export async function run(input: CompleteSyncRunInput, deps: CompleteSyncRunDependencies): Promise<CompleteSyncRunOutput> {
  // This sync's iteration result is already the run record's entry.
  const { targets } = splitResults(input.results, (result: SyncTargetResult) => result);
  const endedAt = deps.now();
  const durationMs = runDurationMs(input.startedAt, endedAt);
  const { status, failed: failedTargets, errors } = runOutcome(targets, input.failure);
  const instancesProcessed = targets.reduce((sum, t) => sum + t.instancesProcessed, 0);
  const recordsRemoved = targets.reduce((sum, t) => sum + t.recordsRemoved, 0) + (input.unregisteredRecordsRemoved ?? 0);
  const regionsScanned = targets.filter((t) => t.status !== 'FAILED').length;

  await recordRunEnd(deps.runs, {
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
  await deps.runs.releaseLock(SYNC_NAME, input.executionArn);

  // SyncSuccess is the cache's last refresh: the CacheStale alarm fires when none comes for three intervals.
  addRunMetrics(SYNC_NAME, status, durationMs);
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
