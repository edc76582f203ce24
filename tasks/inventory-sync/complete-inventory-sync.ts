import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SyncRunRecord, SyncTargetResult } from '../../contracts/records/sync-run';
import {
  completeInventorySyncInputSchema,
  completeInventorySyncOutputSchema,
  type CompleteInventorySyncInput,
  type CompleteInventorySyncOutput,
  type InventoryTargetResult,
} from '../../contracts/tasks/inventory-sync';
import { processClock } from '../../lib/clock';
import { logger, metrics } from '../../lib/observability';
import { invalidateActiveRegions } from '../../lib/regions/active-region-filter';
import { SyncRunRepository } from '../../lib/repositories/sync-runs';
import { taskHandler } from '../../lib/task-handler';
import { causeMessage } from '../recovery-instance-sync/lib/caught-error';
import { INVENTORY_SYNC_NAME } from './begin-inventory-sync';

export interface CompleteInventorySyncDependencies {
  readonly runs: Pick<SyncRunRepository, 'finish' | 'releaseLock'>;
  readonly now: () => Date;
  /** Drops the active-region filter's kept statuses: this run has just written fresh ones. */
  readonly invalidateRegions: () => void;
}

type Result = NonNullable<CompleteInventorySyncInput['results']>[number];
const isFailed = (r: Result): r is Extract<Result, { error: unknown }> => 'error' in r;

/** The run record's per-target shape: instancesProcessed counts the servers inventoried. */
function toTargetResult(r: Result): SyncTargetResult {
  if (isFailed(r)) {
    return { accountId: r.accountId, region: r.region, status: 'FAILED', instancesProcessed: 0, recordsRemoved: 0, warnings: [], errorName: r.error.Error, errorMessage: causeMessage(r.error) };
  }
  return { accountId: r.accountId, region: r.region, status: r.status, instancesProcessed: r.serversFound, recordsRemoved: r.recordsRemoved, warnings: r.warnings, apiCalls: r.apiCalls };
}

/**
 * Records how the run went (per account-region counts and errors), emits the
 * sync's metrics (regions scanned and skipped, API calls, duration, % of
 * region calls saved), drops the active-region filter's cache and releases
 * the lock.
 */
export async function run(input: CompleteInventorySyncInput, deps: CompleteInventorySyncDependencies): Promise<CompleteInventorySyncOutput> {
  const results = input.results ?? [];
  const succeeded = results.filter((r): r is InventoryTargetResult => !isFailed(r));
  const targets = results.map(toTargetResult);
  const failed = targets.filter((t) => t.status === 'FAILED');
  const endedAt = deps.now();
  const durationMs = Math.max(0, endedAt.getTime() - new Date(input.startedAt).getTime());
  const errors: NonNullable<SyncRunRecord['errors']> = failed.map((t) => ({ accountId: t.accountId, region: t.region, errorName: t.errorName, message: t.errorMessage ?? t.errorName ?? 'failed' }));
  if (input.failure) errors.push({ errorName: input.failure.Error, message: causeMessage(input.failure) });
  const status: CompleteInventorySyncOutput['status'] = input.failure || (failed.length > 0 && failed.length === targets.length)
    ? 'FAILED'
    : failed.length > 0 || targets.some((t) => t.status === 'PARTIAL')
      ? 'PARTIAL'
      : 'SUCCEEDED';
  const sum = (f: (r: InventoryTargetResult) => number) => succeeded.reduce((n, r) => n + f(r), 0);
  const counts = {
    serversFound: sum((r) => r.serversFound),
    recordsRemoved: sum((r) => r.recordsRemoved),
    topologyCaptured: sum((r) => r.topologyCaptured),
    topologyMissing: sum((r) => r.topologyMissing),
    drsCalls: sum((r) => r.apiCalls.drs ?? 0),
    regionsSkipped: input.plan.regionsSkipped,
  };
  const regionsScanned = succeeded.length;

  const recorded = await deps.runs.finish({
    syncName: INVENTORY_SYNC_NAME,
    runId: input.runId,
    executionArn: input.executionArn,
    status,
    startedAt: input.startedAt,
    endedAt: endedAt.toISOString(),
    durationMs,
    instancesProcessed: counts.serversFound,
    recordsRemoved: counts.recordsRemoved,
    regionsScanned,
    counts,
    targets,
    errors,
  });
  if (!recorded) logger.warn('The run had already been recorded as ended; its record is kept', { runId: input.runId, status });
  deps.invalidateRegions();
  await deps.runs.releaseLock(INVENTORY_SYNC_NAME, input.executionArn);

  metrics.addDimension('SyncName', INVENTORY_SYNC_NAME);
  metrics.addMetric('SyncDuration', MetricUnit.Milliseconds, durationMs);
  metrics.addMetric(status === 'FAILED' ? 'SyncFailure' : 'SyncSuccess', MetricUnit.Count, 1);
  metrics.addMetric('SourceServersInventoried', MetricUnit.Count, counts.serversFound);
  metrics.addMetric('SourceServersTopologyMissing', MetricUnit.Count, counts.topologyMissing);
  metrics.addMetric('InventoryRegionsScanned', MetricUnit.Count, regionsScanned);
  metrics.addMetric('InventoryRegionsSkipped', MetricUnit.Count, input.plan.regionsSkipped);
  metrics.addMetric('InventoryRegionCallsSavedPercent', MetricUnit.Percent, input.plan.callsSavedPercent);
  metrics.addMetric('DrsApiCalls', MetricUnit.Count, counts.drsCalls);
  metrics.addMetric('SyncTargetFailures', MetricUnit.Count, failed.length);
  const serversPerRegion = Object.fromEntries(succeeded.map((r) => [`${r.accountId}/${r.region}`, r.serversFound]));
  logger.info('Inventory sync completed', { runId: input.runId, status, durationMs, ...counts, regionsScanned, callsSavedPercent: input.plan.callsSavedPercent, fallback: input.plan.fallback, serversPerRegion, errorCount: errors.length });
  return {
    runId: input.runId,
    status,
    durationMs,
    serversFound: counts.serversFound,
    recordsRemoved: counts.recordsRemoved,
    topologyMissing: counts.topologyMissing,
    regionsScanned,
    regionsSkipped: input.plan.regionsSkipped,
    drsCalls: counts.drsCalls,
    errorCount: errors.length,
  };
}

let deps: CompleteInventorySyncDependencies | undefined;
export const handler = taskHandler<CompleteInventorySyncInput, CompleteInventorySyncOutput>({
  name: 'CompleteInventorySync',
  inputSchema: completeInventorySyncInputSchema,
  outputSchema: completeInventorySyncOutputSchema,
  idempotency: { expiresAfterSeconds: 24 * 3600 },
  run: (input) => run(input, (deps ??= { runs: new SyncRunRepository(), now: () => processClock.now(), invalidateRegions: invalidateActiveRegions })),
});
