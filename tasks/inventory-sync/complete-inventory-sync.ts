import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SyncTargetResult } from '../../contracts/records/sync-run';
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
import { addRunMetrics, recordRunEnd, runDurationMs, runOutcome, splitResults, sumOf } from '../../lib/sync-runs/run-lifecycle';
import { taskHandler } from '../../lib/task-handler';
import { INVENTORY_SYNC_NAME } from './begin-inventory-sync';

export interface CompleteInventorySyncDependencies {
  readonly runs: Pick<SyncRunRepository, 'finish' | 'releaseLock'>;
  readonly now: () => Date;
  /** Drops the active-region filter's kept statuses: this run has just written fresh ones. */
  readonly invalidateRegions: () => void;
}

/** The run record's per-target shape: instancesProcessed counts the servers inventoried. */
function toTargetResult(r: InventoryTargetResult): SyncTargetResult {
  return { accountId: r.accountId, region: r.region, status: r.status, instancesProcessed: r.serversFound, recordsRemoved: r.recordsRemoved, warnings: r.warnings, apiCalls: r.apiCalls };
}

/**
 * Records how the run went (per account-region counts and errors), emits the
 * sync's metrics (regions scanned and skipped, API calls, duration, % of
 * region calls saved), drops the active-region filter's cache and releases
 * the lock.
 */
export async function run(input: CompleteInventorySyncInput, deps: CompleteInventorySyncDependencies): Promise<CompleteInventorySyncOutput> {
  const { succeeded, targets } = splitResults(input.results, toTargetResult);
  const { status, failed, errors } = runOutcome(targets, input.failure);
  const endedAt = deps.now();
  const durationMs = runDurationMs(input.startedAt, endedAt);
  const sum = (f: (r: InventoryTargetResult) => number) => sumOf(succeeded, f);
  const counts = {
    serversFound: sum((r) => r.serversFound),
    recordsRemoved: sum((r) => r.recordsRemoved),
    topologyCaptured: sum((r) => r.topologyCaptured),
    topologyMissing: sum((r) => r.topologyMissing),
    drsCalls: sum((r) => r.apiCalls.drs ?? 0),
    regionsSkipped: input.plan.regionsSkipped,
  };
  const regionsScanned = succeeded.length;

  await recordRunEnd(deps.runs, {
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
  deps.invalidateRegions();
  await deps.runs.releaseLock(INVENTORY_SYNC_NAME, input.executionArn);

  addRunMetrics(INVENTORY_SYNC_NAME, status, durationMs);
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
