/**
 * Runs for "Step Functions Execution Status Change" (FAILED, TIMED_OUT,
 * ABORTED) of the orchestrator's state machines. A stopped or timed-out
 * execution runs no Catch, so this is where whatever it held is given back:
 * its run record gets the real end status, its lock is released. Each state
 * machine that holds something registers a releaser under its name.
 */
import {
  executionEndedEventSchema,
  releaseEndedExecutionOutputSchema,
  type ExecutionEndedEvent,
  type ReleaseEndedExecutionOutput,
} from '../../contracts/tasks/execution-status-change';
import { logger } from '../../lib/observability';
import type { SyncName } from '../../contracts/records/sync-run';
import { SyncRunRepository } from '../../lib/repositories/sync-runs';
import { taskHandler } from '../../lib/task-handler';
import { STAGING_SYNC_NAME } from '../staging-account-sync/begin-staging-sync';
import { TAG_SYNC_NAME } from '../tag-sync/begin-tag-sync';
import { INVENTORY_SYNC_NAME } from '../inventory-sync/begin-inventory-sync';
import { SYNC_NAME } from '../recovery-instance-sync/begin-sync-run';

export type EndedExecution = ExecutionEndedEvent['detail'];

/** Gives back what one state machine's executions hold. Must be safe to run twice for the same execution (events arrive at least once). */
export type ExecutionReleaser = (ended: EndedExecution) => Promise<Pick<ReleaseEndedExecutionOutput, 'recordUpdated' | 'lockReleased'>>;

export interface ReleaseEndedExecutionDependencies {
  /** By state machine name. */
  readonly releasers: Readonly<Record<string, ExecutionReleaser>>;
}

/**
 * A sync that keeps run records and a lock under `syncName` (the
 * recovery-instance sync, and every estate sync built the same way): the RUNNING run record takes the execution's
 * end status, and the lock is released. The run is the one the lock names
 * while this execution holds it, else the one named after the execution's
 * start ($$.Execution.StartTime, BeginSyncRun's naming), for a lock that
 * expired first.
 */
export function syncRunReleaser(runs: Pick<SyncRunRepository, 'endRunning' | 'releaseLock' | 'lockHolder'>, syncName: SyncName = SYNC_NAME): ExecutionReleaser {
  return async (ended) => {
    const stoppedAt = ended.stopDate ?? ended.startDate;
    const lock = await runs.lockHolder(syncName);
    const runIds = new Set([`${new Date(ended.startDate).toISOString()}#${ended.name}`]);
    if (lock?.holder === ended.executionArn && lock.holderRunId) runIds.add(lock.holderRunId);
    const message = [ended.error, ended.cause].filter(Boolean).join(': ') || `The execution ended as ${ended.status}`;
    let recordUpdated = false;
    for (const runId of runIds) {
      const updated = await runs.endRunning(syncName, runId, ended.executionArn, {
        status: ended.status,
        endedAt: new Date(stoppedAt).toISOString(),
        durationMs: Math.max(0, stoppedAt - ended.startDate),
        errors: [{ errorName: ended.error || `States.${ended.status}`, message }],
      });
      recordUpdated ||= updated;
    }
    const lockReleased = await runs.releaseLock(syncName, ended.executionArn);
    return { recordUpdated, lockReleased };
  };
}

/**
 * A sync that holds one lock per scope (the staging-account sync: one per
 * target account) and names them in its RUNNING record (lockScopes): the
 * record takes the execution's end status and each of its locks is released.
 */
export function scopedSyncRunReleaser(runs: Pick<SyncRunRepository, 'get' | 'endRunning' | 'releaseLock'>, syncName: SyncName): ExecutionReleaser {
  return async (ended) => {
    const stoppedAt = ended.stopDate ?? ended.startDate;
    const runId = `${new Date(ended.startDate).toISOString()}#${ended.name}`;
    const record = await runs.get(syncName, runId);
    const message = [ended.error, ended.cause].filter(Boolean).join(': ') || `The execution ended as ${ended.status}`;
    const recordUpdated = await runs.endRunning(syncName, runId, ended.executionArn, {
      status: ended.status,
      endedAt: new Date(stoppedAt).toISOString(),
      durationMs: Math.max(0, stoppedAt - ended.startDate),
      errors: [{ errorName: ended.error || `States.${ended.status}`, message }],
    });
    let lockReleased = false;
    for (const scope of record?.lockScopes ?? []) lockReleased = (await runs.releaseLock(syncName, ended.executionArn, scope)) || lockReleased;
    return { recordUpdated, lockReleased };
  };
}

export async function run(event: ExecutionEndedEvent, deps: ReleaseEndedExecutionDependencies): Promise<ReleaseEndedExecutionOutput> {
  const ended = event.detail;
  const machineName = ended.stateMachineArn.split(':').pop()!;
  const releaser = deps.releasers[machineName];
  const result = releaser ? await releaser(ended) : { recordUpdated: false, lockReleased: false };
  logger.info('Released what an ended execution held', { machineName, status: ended.status, known: !!releaser, ...result });
  return { executionArn: ended.executionArn, status: ended.status, ...result };
}

let deps: ReleaseEndedExecutionDependencies | undefined;
export const handler = taskHandler<ExecutionEndedEvent, ReleaseEndedExecutionOutput>({
  name: 'ReleaseEndedExecution',
  inputSchema: executionEndedEventSchema,
  outputSchema: releaseEndedExecutionOutputSchema,
  correlationIdPath: 'detail.executionArn',
  // The sync's state machine is named after the sync (state-machines/recovery-instance-sync.ts).
  run: (event) =>
    run(
      event,
      (deps ??= {
        releasers: {
          [SYNC_NAME]: syncRunReleaser(new SyncRunRepository()),
          [TAG_SYNC_NAME]: syncRunReleaser(new SyncRunRepository(), TAG_SYNC_NAME),
          [INVENTORY_SYNC_NAME]: syncRunReleaser(new SyncRunRepository(), INVENTORY_SYNC_NAME),
          [STAGING_SYNC_NAME]: scopedSyncRunReleaser(new SyncRunRepository(), STAGING_SYNC_NAME),
        },
      }),
    ),
});
