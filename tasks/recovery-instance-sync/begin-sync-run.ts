import {
  beginSyncRunInputSchema,
  beginSyncRunOutputSchema,
  type BeginSyncRunInput,
  type BeginSyncRunOutput,
} from '../../contracts/tasks/recovery-instance-sync';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SyncAlreadyRunningError } from '../../lib/errors';
import { logger, metrics } from '../../lib/observability';
import { processClock } from '../../lib/clock';
import { SyncRunRepository } from '../../lib/repositories/sync-runs';
import { taskHandler } from '../../lib/task-handler';

/** A run may hold the lock this long; past it, the lock of a run that never finished is taken over. */
export const SYNC_LOCK_TTL_MS = 15 * 60_000;
export const SYNC_NAME = 'recovery-instance-sync';

export interface BeginSyncRunDependencies {
  readonly runs: Pick<SyncRunRepository, 'acquireLock' | 'put'>;
  /** The lock's expiry is judged on this clock (the virtual one on the local platform). @default the process clock */
  readonly now?: () => Date;
}

/**
 * Takes the sync's lock and records the run as RUNNING. When another run
 * holds the lock it counts a SyncSkipped metric (a skipped run is not a
 * success) and throws SyncAlreadyRunningError.
 */
export async function run(input: BeginSyncRunInput, deps: BeginSyncRunDependencies): Promise<BeginSyncRunOutput> {
  const startedAt = new Date(input.startedAt).toISOString();
  const executionName = input.executionArn.split(':').pop() ?? input.executionArn;
  const runId = `${startedAt}#${executionName}`;
  try {
    await deps.runs.acquireLock(SYNC_NAME, input.executionArn, SYNC_LOCK_TTL_MS, { holderRunId: runId, nowMs: (deps.now ?? (() => processClock.now()))().getTime() });
  } catch (error) {
    if (error instanceof SyncAlreadyRunningError) {
      metrics.addDimension('SyncName', SYNC_NAME);
      metrics.addMetric('SyncSkipped', MetricUnit.Count, 1);
      logger.warn('Sync skipped: another run holds the lock', { syncName: SYNC_NAME });
    }
    throw error;
  }
  // Should this write fail, the execution fails holding the lock: the execution-ended rule releases it.
  await deps.runs.put({ syncName: SYNC_NAME, runId, executionArn: input.executionArn, status: 'RUNNING', startedAt });
  return { runId, startedAt };
}

let deps: BeginSyncRunDependencies | undefined;
export const handler = taskHandler<BeginSyncRunInput, BeginSyncRunOutput>({
  name: 'BeginSyncRun',
  inputSchema: beginSyncRunInputSchema,
  outputSchema: beginSyncRunOutputSchema,
  run: (input) => run(input, (deps ??= { runs: new SyncRunRepository() })),
});
