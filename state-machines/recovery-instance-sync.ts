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
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ErrorNames } from '../lib/errors';

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
    const maxConcurrency = props.maxConcurrency ?? 6;
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1 || maxConcurrency > 40) {
      throw new Error(`maxConcurrency must be an integer from 1 to 40, got ${maxConcurrency}`);
    }

    const beginSyncRun = new tasks.LambdaInvoke(this, 'BeginSyncRun', {
      lambdaFunction: props.beginSyncRun,
      payloadResponseOnly: true,
      comment: 'Take the sync lock and record the run as RUNNING',
      payload: sfn.TaskInput.fromObject({
        executionArn: sfn.JsonPath.executionId,
        startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
        machineInput: sfn.JsonPath.entirePayload,
      }),
      resultPath: '$.run',
    });

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

    const syncAccountRegion = new tasks.LambdaInvoke(this, 'SyncAccountRegion', {
      lambdaFunction: props.syncAccountRegion,
      payloadResponseOnly: true,
      comment: 'Refresh the cache for one account and region',
    });
    syncAccountRegion.addRetry({
      errors: [ErrorNames.Throttling, ErrorNames.ServiceUnavailable],
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 4,
      maxDelay: Duration.seconds(30),
      jitterStrategy: sfn.JitterType.FULL,
    });
    const recordTargetFailure = new sfn.Pass(this, 'RecordTargetFailure', {
      comment: 'Keep this account-region failure for the run record; the others go on',
      parameters: {
        'accountId.$': '$.accountId',
        'region.$': '$.region',
        'error.$': '$.error',
      },
    });
    syncAccountRegion.addCatch(recordTargetFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });

    const syncAccountRegions = new sfn.Map(this, 'SyncAccountRegions', {
      comment: 'One sync per planned account and region, failures isolated',
      itemsPath: '$.targets.scanTargets',
      maxConcurrency,
      itemSelector: {
        executionArn: sfn.JsonPath.executionId,
        'runId.$': '$.run.runId',
        'accountId.$': '$$.Map.Item.Value.accountId',
        'region.$': '$$.Map.Item.Value.region',
        'reason.$': '$$.Map.Item.Value.reason',
      },
      resultPath: '$.results',
    });
    syncAccountRegions.itemProcessor(syncAccountRegion);

    const completeSyncRun = new tasks.LambdaInvoke(this, 'CompleteSyncRun', {
      lambdaFunction: props.completeSyncRun,
      payloadResponseOnly: true,
      comment: 'Record the run, emit metrics, release the lock',
      payload: sfn.TaskInput.fromObject({
        executionArn: sfn.JsonPath.executionId,
        runId: sfn.JsonPath.stringAt('$.run.runId'),
        startedAt: sfn.JsonPath.stringAt('$.run.startedAt'),
        results: sfn.JsonPath.listAt('$.results'),
        unregisteredRecordsRemoved: sfn.JsonPath.numberAt('$.unregistered.recordsRemoved'),
      }),
      resultPath: '$.completed',
    });

    const recordRunFailure = new tasks.LambdaInvoke(this, 'RecordRunFailure', {
      lambdaFunction: props.completeSyncRun,
      payloadResponseOnly: true,
      comment: 'Record the failed run and release the lock',
      payload: sfn.TaskInput.fromObject({
        executionArn: sfn.JsonPath.executionId,
        runId: sfn.JsonPath.stringAt('$.run.runId'),
        startedAt: sfn.JsonPath.stringAt('$.run.startedAt'),
        failure: sfn.JsonPath.objectAt('$.failure'),
      }),
      resultPath: sfn.JsonPath.DISCARD,
    });
    const syncFailed = new sfn.Fail(this, 'SyncFailed', {
      error: 'SyncFailed',
      causePath: '$.failure.Cause',
    });
    recordRunFailure.next(syncFailed);
    // Every state after BeginSyncRun took the lock gives it back when it fails.
    for (const state of [listSyncTargets, removeUnregisteredRecords, syncAccountRegions, completeSyncRun]) {
      state.addCatch(recordRunFailure, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
    }

    const skipOverlappingRun = new sfn.Succeed(this, 'SkipOverlappingRun', {
      comment: 'Another run holds the lock: this one leaves the cache to it',
    });
    beginSyncRun.addCatch(skipOverlappingRun, { errors: [ErrorNames.SyncAlreadyRunning], resultPath: '$.skipped' });

    const definition = beginSyncRun
      .next(listSyncTargets)
      .next(removeUnregisteredRecords)
      .next(syncAccountRegions)
      .next(completeSyncRun)
      // The output is CompleteSyncRun's summary.
      .next(new sfn.Succeed(this, 'SyncSucceeded', { outputPath: '$.completed' }));

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: RECOVERY_INSTANCE_SYNC_NAME,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: props.timeout ?? Duration.minutes(15),
      tracingEnabled: true,
      logs: {
        destination: props.logGroup ?? new logs.LogGroup(this, 'ExecutionLogs', { retention: logs.RetentionDays.ONE_MONTH }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
      comment: 'Refreshes the recovery-instance cache from DRS and EC2 in every target account and region',
    });
  }
}
