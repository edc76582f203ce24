import {
  beginSyncRunInputSchema,
  beginSyncRunOutputSchema,
  type BeginSyncRunInput,
  type BeginSyncRunOutput,
} from '../../contracts/tasks/recovery-instance-sync';
import { processClock } from '../../lib/clock';
import { SyncRunRepository } from '../../lib/repositories/sync-runs';
import { runIdentity, startRun } from '../../lib/sync-runs/run-lifecycle';
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
  const { runId, startedAt } = runIdentity(input);
  await startRun(deps.runs, {
    syncName: SYNC_NAME,
    executionArn: input.executionArn,
    runId,
    startedAt,
    lockTtlMs: SYNC_LOCK_TTL_MS,
    nowMs: (deps.now ?? (() => processClock.now()))().getTime(),
    skippedMessage: 'Sync skipped: another run holds the lock',
  });
  return { runId, startedAt };
}

let deps: BeginSyncRunDependencies | undefined;
export const handler = taskHandler<BeginSyncRunInput, BeginSyncRunOutput>({
  name: 'BeginSyncRun',
  inputSchema: beginSyncRunInputSchema,
  outputSchema: beginSyncRunOutputSchema,
  run: (input) => run(input, (deps ??= { runs: new SyncRunRepository() })),
});
