import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SyncFinding, SyncTargetResult } from '../../contracts/records/sync-run';
import {
  completeStagingSyncInputSchema,
  completeStagingSyncOutputSchema,
  type CompleteStagingSyncInput,
  type CompleteStagingSyncOutput,
  type StagingSyncTargetResult,
} from '../../contracts/tasks/staging-account-sync';
import { processClock } from '../../lib/clock';
import { logger, metrics } from '../../lib/observability';
import { SyncRunRepository } from '../../lib/repositories/sync-runs';
import { addRunMetrics, recordRunEnd, runDurationMs, runOutcome, splitResults, sumOf } from '../../lib/sync-runs/run-lifecycle';
import { taskHandler } from '../../lib/task-handler';
import { STAGING_SYNC_NAME } from './begin-staging-sync';

export interface CompleteStagingSyncDependencies {
  readonly runs: Pick<SyncRunRepository, 'finish' | 'releaseLock'>;
  readonly now: () => Date;
}

/** The run record's per-target shape: instancesProcessed counts the servers extended. */
function toTargetResult(r: StagingSyncTargetResult): SyncTargetResult {
  return { accountId: r.accountId, region: r.region, status: r.status, instancesProcessed: r.extended, recordsRemoved: 0, warnings: r.warnings, apiCalls: r.apiCalls };
}

/** Records how the run went (with its findings), emits the sync's metrics and releases each account's lock. */
export async function run(input: CompleteStagingSyncInput, deps: CompleteStagingSyncDependencies): Promise<CompleteStagingSyncOutput> {
  const { succeeded, targets } = splitResults(input.results, toTargetResult);
  const endedAt = deps.now();
  const durationMs = runDurationMs(input.startedAt, endedAt);
  const findings: SyncFinding[] = [...(input.skipped ?? []), ...succeeded.flatMap((r) => r.findings)];
  const sum = (f: (r: StagingSyncTargetResult) => number) => sumOf(succeeded, f);
  const counts = {
    extensible: sum((r) => r.extensible),
    extended: sum((r) => r.extended),
    notExtended: sum((r) => r.notExtended),
    accountsSynced: input.accountIds.length,
    accountsSkipped: (input.skipped ?? []).length,
  };
  // Accounts another run held were not synced: the run is PARTIAL.
  const { status, failed, errors } = runOutcome(targets, input.failure, counts.accountsSkipped > 0);
  const apiCalls = succeeded.reduce((n, r) => n + Object.values(r.apiCalls).reduce((a, b) => a + b, 0), 0);

  await recordRunEnd(deps.runs, {
    syncName: STAGING_SYNC_NAME,
    runId: input.runId,
    executionArn: input.executionArn,
    status,
    startedAt: input.startedAt,
    endedAt: endedAt.toISOString(),
    durationMs,
    instancesProcessed: counts.extended,
    recordsRemoved: 0,
    regionsScanned: succeeded.length,
    counts,
    targets,
    findings: findings.slice(0, 200),
    lockScopes: input.accountIds,
    errors,
  });
  for (const accountId of input.accountIds) await deps.runs.releaseLock(STAGING_SYNC_NAME, input.executionArn, accountId);

  addRunMetrics(STAGING_SYNC_NAME, status, durationMs);
  metrics.addMetric('SourceServersExtended', MetricUnit.Count, counts.extended);
  metrics.addMetric('StagingFindings', MetricUnit.Count, findings.length);
  metrics.addMetric('SyncApiCalls', MetricUnit.Count, apiCalls);
  metrics.addMetric('SyncTargetFailures', MetricUnit.Count, failed.length);
  logger.info('Staging-account sync completed', { runId: input.runId, status, durationMs, ...counts, apiCalls, findings: findings.length, errorCount: errors.length });
  return { runId: input.runId, status, durationMs, extensible: counts.extensible, extended: counts.extended, notExtended: counts.notExtended, findings: findings.length, regionsScanned: succeeded.length, errorCount: errors.length };
}

let deps: CompleteStagingSyncDependencies | undefined;
export const handler = taskHandler<CompleteStagingSyncInput, CompleteStagingSyncOutput>({
  name: 'CompleteStagingSync',
  inputSchema: completeStagingSyncInputSchema,
  outputSchema: completeStagingSyncOutputSchema,
  idempotency: { expiresAfterSeconds: 24 * 3600 },
  run: (input) => run(input, (deps ??= { runs: new SyncRunRepository(), now: () => processClock.now() })),
});
