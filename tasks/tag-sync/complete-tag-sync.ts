import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SyncRunRecord, SyncTargetResult } from '../../contracts/records/sync-run';
import {
  completeTagSyncInputSchema,
  completeTagSyncOutputSchema,
  type CompleteTagSyncInput,
  type CompleteTagSyncOutput,
  type TagSyncTargetResult,
} from '../../contracts/tasks/tag-sync';
import { processClock } from '../../lib/clock';
import { logger, metrics } from '../../lib/observability';
import { SyncRunRepository } from '../../lib/repositories/sync-runs';
import { taskHandler } from '../../lib/task-handler';
import { causeMessage } from '../recovery-instance-sync/lib/caught-error';
import { TAG_SYNC_NAME } from './begin-tag-sync';

export interface CompleteTagSyncDependencies {
  readonly runs: Pick<SyncRunRepository, 'finish' | 'releaseLock'>;
  readonly now: () => Date;
}

type Result = NonNullable<CompleteTagSyncInput['results']>[number];
const isFailed = (r: Result): r is Extract<Result, { error: unknown }> => 'error' in r;

/** The run record's per-target shape: instancesProcessed counts the servers checked. */
function toTargetResult(r: Result): SyncTargetResult {
  if (isFailed(r)) {
    return { accountId: r.accountId, region: r.region, status: 'FAILED', instancesProcessed: 0, recordsRemoved: 0, warnings: [], errorName: r.error.Error, errorMessage: causeMessage(r.error) };
  }
  return { accountId: r.accountId, region: r.region, status: r.status, instancesProcessed: r.serversChecked, recordsRemoved: 0, warnings: r.warnings, apiCalls: r.apiCalls };
}

/** Records how the run went, emits the sync's metrics (servers tagged, calls saved) and releases the lock. */
export async function run(input: CompleteTagSyncInput, deps: CompleteTagSyncDependencies): Promise<CompleteTagSyncOutput> {
  const results = input.results ?? [];
  const succeeded = results.filter((r): r is TagSyncTargetResult => !isFailed(r));
  const targets = results.map(toTargetResult);
  const failed = targets.filter((t) => t.status === 'FAILED');
  const endedAt = deps.now();
  const durationMs = Math.max(0, endedAt.getTime() - new Date(input.startedAt).getTime());
  const errors: NonNullable<SyncRunRecord['errors']> = failed.map((t) => ({ accountId: t.accountId, region: t.region, errorName: t.errorName, message: t.errorMessage ?? t.errorName ?? 'failed' }));
  if (input.failure) errors.push({ errorName: input.failure.Error, message: causeMessage(input.failure) });
  const status: CompleteTagSyncOutput['status'] = input.failure || (failed.length > 0 && failed.length === targets.length)
    ? 'FAILED'
    : failed.length > 0 || targets.some((t) => t.status === 'PARTIAL')
      ? 'PARTIAL'
      : 'SUCCEEDED';
  const sum = (f: (r: TagSyncTargetResult) => number) => succeeded.reduce((n, r) => n + f(r), 0);
  const counts = { serversChecked: sum((r) => r.serversChecked), serversTagged: sum((r) => r.serversTagged), serversUnchanged: sum((r) => r.serversUnchanged) };
  const regionsScanned = succeeded.length;

  const recorded = await deps.runs.finish({
    syncName: TAG_SYNC_NAME,
    runId: input.runId,
    executionArn: input.executionArn,
    status,
    startedAt: input.startedAt,
    endedAt: endedAt.toISOString(),
    durationMs,
    instancesProcessed: counts.serversChecked,
    recordsRemoved: 0,
    regionsScanned,
    counts,
    targets,
    errors,
  });
  if (!recorded) logger.warn('The run had already been recorded as ended; its record is kept', { runId: input.runId, status });
  await deps.runs.releaseLock(TAG_SYNC_NAME, input.executionArn);

  metrics.addDimension('SyncName', TAG_SYNC_NAME);
  metrics.addMetric('SyncDuration', MetricUnit.Milliseconds, durationMs);
  metrics.addMetric(status === 'FAILED' ? 'SyncFailure' : 'SyncSuccess', MetricUnit.Count, 1);
  metrics.addMetric('SourceServersTagged', MetricUnit.Count, counts.serversTagged);
  // Each unchanged server is a TagResource call not made.
  metrics.addMetric('TagResourceCallsSaved', MetricUnit.Count, counts.serversUnchanged);
  metrics.addMetric('SyncTargetFailures', MetricUnit.Count, failed.length);
  logger.info('Tag sync completed', { runId: input.runId, status, durationMs, ...counts, regionsScanned, errorCount: errors.length });
  return { runId: input.runId, status, durationMs, ...counts, regionsScanned, errorCount: errors.length };
}

let deps: CompleteTagSyncDependencies | undefined;
export const handler = taskHandler<CompleteTagSyncInput, CompleteTagSyncOutput>({
  name: 'CompleteTagSync',
  inputSchema: completeTagSyncInputSchema,
  outputSchema: completeTagSyncOutputSchema,
  idempotency: { expiresAfterSeconds: 24 * 3600 },
  run: (input) => run(input, (deps ??= { runs: new SyncRunRepository(), now: () => processClock.now() })),
});
