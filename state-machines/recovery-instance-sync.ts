/**
 * recovery-instance-sync: refreshes the recovery-instance cache from DRS and
 * EC2 across every target account and region.
 *
 * Paths:
 * - Happy path: BeginSyncRun → ListSyncTargets (every registered
 *   account-region, and the active-region filter's plan of which to scan) →
 *   RemoveUnregisteredRecords (records of accounts and regions no longer
 *   registered) → SyncAccountRegions (one SyncAccountRegion per planned
 *   account-region, bounded concurrency) → CompleteSyncRun → SyncSucceeded.
 * - Empty region-status table (a new deployment): the filter falls back to
 *   every registered region, and each SyncAccountRegion records its region's
 *   status (server count, initialized, error) so the next runs filter.
 * - Unreadable region-status table: the same fallback, with a warning; a
 *   status that cannot be written does not fail the sync.
 * - A quiet region (no servers, or DRS not initialized) is skipped, and its
 *   cached records kept (RemoveUnregisteredRecords goes by the registered
 *   list, not the scanned one); once its status is older than 6 h it is
 *   scanned again and its status refreshed. A region DRS was never
 *   initialized in succeeds with nothing to sync.
 * - Overlapping start: BeginSyncRun throws SyncAlreadyRunningError (and
 *   counts a SyncSkipped metric) → SkipOverlappingRun (succeeds without
 *   touching the cache).
 * - Invalid execution input: BeginSyncRun throws InputValidationError and
 *   the execution fails with it, before taking the lock.
 * - One account-region fails (AccessDenied, throttled past its retries, …):
 *   its iteration's Catch → RecordTargetFailure; the others go on and the
 *   run completes as PARTIAL.
 * - Throttling and 5xx: SyncAccountRegion is retried with backoff and jitter;
 *   AccessDenied and invalid requests are never retried.
 * - The run fails as a whole after taking the lock: every state after
 *   BeginSyncRun has a Catch → RecordRunFailure (records the failure and
 *   releases the lock) → SyncFailed.
 * - Cancel (StopExecution), timeout, or a failure no Catch handles: the
 *   execution-ended rule (infra/stacks/orchestration-stack.ts) runs
 *   ReleaseEndedExecution, which gives the run record the execution's end
 *   status (ABORTED, TIMED_OUT, FAILED) and releases the lock.
 */
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { accountRegionMap, beginRunTask, completeRunTask, failRunWith, lambdaStep, skipOverlappingRun, syncStateMachine, syncSucceeded } from './lib/sync-states';

export const RECOVERY_INSTANCE_SYNC_NAME = 'recovery-instance-sync';

export interface RecoveryInstanceSyncProps {
  readonly beginSyncRun: IFunction;
  readonly listSyncTargets: IFunction;
  readonly removeUnregisteredRecords: IFunction;
  readonly syncAccountRegion: IFunction;
  readonly completeSyncRun: IFunction;
  /** Account-regions synced at the same time. @default 6 */
  readonly maxConcurrency?: number;
  /** Longest a run may take; the schedule starts one every 5 minutes. @default Duration.minutes(15) */
  readonly timeout?: Duration;
  /** Where execution history is logged. @default a new log group kept one month */
  readonly logGroup?: logs.ILogGroup;
}

export class RecoveryInstanceSync extends Construct {
  public readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: RecoveryInstanceSyncProps) {
    super(scope, id);

    const begin = beginRunTask(this, 'BeginSyncRun', props.beginSyncRun, 'Take the sync lock and record the run as RUNNING');
    skipOverlappingRun(this, begin, 'Another run holds the lock: this one leaves the cache to it');

    // Unlike the later syncs, this one plans in its own task (its begin task predates the
    // active-region filter) and also removes the records of accounts and regions no longer registered.
    const listSyncTargets = new tasks.LambdaInvoke(this, 'ListSyncTargets', {
      lambdaFunction: props.listSyncTargets,
      payloadResponseOnly: true,
      comment: 'Every registered account × region, and the active ones to scan',
      payload: sfn.TaskInput.fromObject({ executionArn: sfn.JsonPath.executionId }),
      resultPath: '$.targets',
    });
    const removeUnregisteredRecords = new tasks.LambdaInvoke(this, 'RemoveUnregisteredRecords', {
      lambdaFunction: props.removeUnregisteredRecords,
      payloadResponseOnly: true,
      comment: 'Remove cached records of accounts and regions that are no longer registered',
      payload: sfn.TaskInput.fromObject({
        executionArn: sfn.JsonPath.executionId,
        targets: sfn.JsonPath.listAt('$.targets.targets'),
      }),
      resultPath: '$.unregistered',
    });

    const syncAccountRegions = accountRegionMap(this, {
      comment: 'One sync per planned account and region, failures isolated',
      itemsPath: '$.targets.scanTargets',
      maxConcurrency: props.maxConcurrency ?? 6,
      carry: { 'runId.$': '$.run.runId' },
      steps: [lambdaStep(this, 'SyncAccountRegion', props.syncAccountRegion, 'Refresh the cache for one account and region')],
    });

    const complete = completeRunTask(this, 'CompleteSyncRun', props.completeSyncRun, {
      comment: 'Record the run, emit metrics, release the lock',
      completeFields: { unregisteredRecordsRemoved: sfn.JsonPath.numberAt('$.unregistered.recordsRemoved') },
    });
    // Every state after BeginSyncRun took the lock gives it back when it fails.
    failRunWith(this, {
      completeFunction: props.completeSyncRun,
      errorName: 'SyncFailed',
      guard: [listSyncTargets, removeUnregisteredRecords, syncAccountRegions, complete],
    });

    this.stateMachine = syncStateMachine(this, {
      name: RECOVERY_INSTANCE_SYNC_NAME,
      definition: begin
        .next(listSyncTargets)
        .next(removeUnregisteredRecords)
        .next(syncAccountRegions)
        .next(complete)
        .next(syncSucceeded(this, 'SyncSucceeded')),
      timeout: props.timeout ?? Duration.minutes(15),
      logGroup: props.logGroup,
      comment: 'Refreshes the recovery-instance cache from DRS and EC2 in every target account and region',
    });
  }
}
