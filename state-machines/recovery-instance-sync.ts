/**
 * recovery-instance-sync: refreshes the recovery-instance cache from DRS and
 * EC2 across every target account and region.
 *
 * Paths:
 * - Happy path: BeginSyncRun → ListSyncTargets → SyncAccountRegions (one
 *   SyncAccountRegion per account-region, bounded concurrency) →
 *   CompleteSyncRun → SyncSucceeded.
 * - Overlapping start: BeginSyncRun throws SyncAlreadyRunningError →
 *   SkipOverlappingRun (succeeds without touching the cache).
 * - Invalid execution input: BeginSyncRun throws InputValidationError and
 *   the execution fails with it, before taking the lock.
 * - One account-region fails (AccessDenied, throttled past its retries, …):
 *   its iteration's Catch → RecordTargetFailure; the others go on and the
 *   run completes as PARTIAL.
 * - Throttling and 5xx: SyncAccountRegion is retried with backoff and jitter;
 *   AccessDenied and invalid requests are never retried.
 * - The run fails as a whole after taking the lock: Catch → RecordRunFailure
 *   (records the failure and releases the lock) → SyncFailed.
 * - Cancel (StopExecution): nothing more is written; the lock expires on its
 *   own (15 minutes) so later runs are not blocked for good.
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
      comment: 'Every registered account × region',
      payload: sfn.TaskInput.fromObject({ executionArn: sfn.JsonPath.executionId }),
      resultPath: '$.targets',
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
      comment: 'One sync per account and region, failures isolated',
      itemsPath: '$.targets.targets',
      maxConcurrency,
      itemSelector: {
        executionArn: sfn.JsonPath.executionId,
        'runId.$': '$.run.runId',
        'accountId.$': '$$.Map.Item.Value.accountId',
        'region.$': '$$.Map.Item.Value.region',
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
      }),
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
    for (const state of [listSyncTargets, syncAccountRegions]) {
      state.addCatch(recordRunFailure, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
    }

    const skipOverlappingRun = new sfn.Succeed(this, 'SkipOverlappingRun', {
      comment: 'Another run holds the lock: this one leaves the cache to it',
    });
    beginSyncRun.addCatch(skipOverlappingRun, { errors: [ErrorNames.SyncAlreadyRunning], resultPath: '$.skipped' });

    const definition = beginSyncRun
      .next(listSyncTargets)
      .next(syncAccountRegions)
      .next(completeSyncRun)
      .next(new sfn.Succeed(this, 'SyncSucceeded'));

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
