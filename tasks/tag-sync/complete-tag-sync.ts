import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SyncTargetResult } from '../../contracts/records/sync-run';
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
import { addRunMetrics, recordRunEnd, runDurationMs, runOutcome, splitResults, sumOf } from '../../lib/sync-runs/run-lifecycle';
import { taskHandler } from '../../lib/task-handler';
import { TAG_SYNC_NAME } from './begin-tag-sync';

export interface CompleteTagSyncDependencies {
  readonly runs: Pick<SyncRunRepository, 'finish' | 'releaseLock'>;
  readonly now: () => Date;
}

/** The run record's per-target shape: instancesProcessed counts the servers checked. */
function toTargetResult(r: TagSyncTargetResult): SyncTargetResult {
  return { accountId: r.accountId, region: r.region, status: r.status, instancesProcessed: r.serversChecked, recordsRemoved: 0, warnings: r.warnings, apiCalls: r.apiCalls };
}

/** Records how the run went, emits the sync's metrics (servers tagged, calls saved) and releases the lock. */
export async function run(input: CompleteTagSyncInput, deps: CompleteTagSyncDependencies): Promise<CompleteTagSyncOutput> {
  const { succeeded, targets } = splitResults(input.results, toTargetResult);
  const { status, failed, errors } = runOutcome(targets, input.failure);
  const endedAt = deps.now();
  const durationMs = runDurationMs(input.startedAt, endedAt);
  const sum = (f: (r: TagSyncTargetResult) => number) => sumOf(succeeded, f);
  const counts = { serversChecked: sum((r) => r.serversChecked), serversTagged: sum((r) => r.serversTagged), serversUnchanged: sum((r) => r.serversUnchanged) };
  const regionsScanned = succeeded.length;

  await recordRunEnd(deps.runs, {
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
  await deps.runs.releaseLock(TAG_SYNC_NAME, input.executionArn);

  addRunMetrics(TAG_SYNC_NAME, status, durationMs);
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
