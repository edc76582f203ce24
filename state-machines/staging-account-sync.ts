/**
 * staging-account-sync: extends into each target account the staging servers
 * it can extend, every 5 minutes and on demand, per target account × active
 * region.
 *
 * Paths:
 * - Happy path: BeginStagingSync (a lock per target account; run RUNNING;
 *   active-region filter 'staging-account-sync' plan) → SyncAccountRegions
 *   (per planned account-region: PlanStagingExtensions reads ListStagingAccounts
 *   and ListExtensibleSourceServers → ExtendSourceServers calls
 *   CreateExtendedSourceServer for each) → CompleteStagingSync →
 *   StagingSyncSucceeded.
 * - Nothing to do: no extensible servers; no CreateExtendedSourceServer call.
 * - Refusals: ServiceQuotaExceeded (the region stops there) and the
 *   default-EBS-key ValidationException become findings with remedies in the
 *   run record; the run is PARTIAL.
 * - Overlapping start: every account's lock is held by another run:
 *   BeginStagingSync throws SyncAlreadyRunningError → SkipOverlappingRun.
 *   Some accounts held: those are skipped (a finding), the others synced.
 * - One account-region fails (AccessDenied, throttled past its retries, …):
 *   its iteration's Catch → RecordTargetFailure; the others go on; PARTIAL.
 * - Throttling and 5xx: both tasks retried with backoff and jitter;
 *   AccessDenied never.
 * - Fallback (empty or unreadable region status): every registered region is
 *   scanned and PlanStagingExtensions records each one's status.
 * - The run fails as a whole after taking the locks: RecordRunFailure →
 *   StagingSyncFailed.
 * - Stopped, timed out or failed outside a Catch: the execution-ended rule's
 *   ReleaseEndedExecution records the end and releases the account locks.
 */
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ErrorNames } from '../lib/errors';

export const STAGING_ACCOUNT_SYNC_MACHINE_NAME = 'staging-account-sync';

export interface StagingAccountSyncProps {
  readonly beginStagingSync: IFunction;
  readonly planStagingExtensions: IFunction;
  readonly extendSourceServers: IFunction;
  readonly completeStagingSync: IFunction;
  /** Account-regions synced at the same time. @default 4 */
  readonly maxConcurrency?: number;
  /** @default Duration.minutes(20): the locks outlive it (30 minutes). */
  readonly timeout?: Duration;
  readonly logGroup?: logs.ILogGroup;
}

const retryThrottling = (task: tasks.LambdaInvoke) =>
  task.addRetry({
    errors: [ErrorNames.Throttling, ErrorNames.ServiceUnavailable],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 4,
    maxDelay: Duration.seconds(30),
    jitterStrategy: sfn.JitterType.FULL,
  });

export class StagingAccountSync extends Construct {
  public readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: StagingAccountSyncProps) {
    super(scope, id);

    const begin = new tasks.LambdaInvoke(this, 'BeginStagingSync', {
      lambdaFunction: props.beginStagingSync,
      payloadResponseOnly: true,
      comment: 'Take a lock per target account, record the run and plan the account-regions',
      payload: sfn.TaskInput.fromObject({
        executionArn: sfn.JsonPath.executionId,
        startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
        machineInput: sfn.JsonPath.entirePayload,
      }),
      resultPath: '$.run',
    });

    const plan = new tasks.LambdaInvoke(this, 'PlanStagingExtensions', {
      lambdaFunction: props.planStagingExtensions,
      payloadResponseOnly: true,
      comment: 'List staging accounts and their extensible servers (read-only)',
    });
    const extend = new tasks.LambdaInvoke(this, 'ExtendSourceServers', {
      lambdaFunction: props.extendSourceServers,
      payloadResponseOnly: true,
      comment: 'CreateExtendedSourceServer for each; refusals become findings',
    });
    retryThrottling(plan);
    retryThrottling(extend);
    const recordTargetFailure = new sfn.Pass(this, 'RecordTargetFailure', {
      comment: 'Keep this account-region failure for the run record; the others go on',
      parameters: { 'accountId.$': '$.accountId', 'region.$': '$.region', 'error.$': '$.error' },
    });
    for (const task of [plan, extend]) task.addCatch(recordTargetFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });

    const syncAccountRegions = new sfn.Map(this, 'SyncAccountRegions', {
      comment: 'One staging sync per planned account and region, failures isolated',
      itemsPath: '$.run.scanTargets',
      maxConcurrency: props.maxConcurrency ?? 4,
      itemSelector: {
        executionArn: sfn.JsonPath.executionId,
        'accountId.$': '$$.Map.Item.Value.accountId',
        'region.$': '$$.Map.Item.Value.region',
        'reason.$': '$$.Map.Item.Value.reason',
      },
      resultPath: '$.results',
    });
    syncAccountRegions.itemProcessor(plan.next(extend));

    const complete = new tasks.LambdaInvoke(this, 'CompleteStagingSync', {
      lambdaFunction: props.completeStagingSync,
      payloadResponseOnly: true,
      comment: 'Record the run and its findings, emit metrics, release the account locks',
      payload: sfn.TaskInput.fromObject({
        executionArn: sfn.JsonPath.executionId,
        runId: sfn.JsonPath.stringAt('$.run.runId'),
        startedAt: sfn.JsonPath.stringAt('$.run.startedAt'),
        accountIds: sfn.JsonPath.listAt('$.run.accountIds'),
        skipped: sfn.JsonPath.listAt('$.run.findings'),
        results: sfn.JsonPath.listAt('$.results'),
      }),
      resultPath: '$.completed',
    });

    const recordRunFailure = new tasks.LambdaInvoke(this, 'RecordRunFailure', {
      lambdaFunction: props.completeStagingSync,
      payloadResponseOnly: true,
      comment: 'Record the failed run and release the account locks',
      payload: sfn.TaskInput.fromObject({
        executionArn: sfn.JsonPath.executionId,
        runId: sfn.JsonPath.stringAt('$.run.runId'),
        startedAt: sfn.JsonPath.stringAt('$.run.startedAt'),
        accountIds: sfn.JsonPath.listAt('$.run.accountIds'),
        skipped: sfn.JsonPath.listAt('$.run.findings'),
        failure: sfn.JsonPath.objectAt('$.failure'),
      }),
      resultPath: sfn.JsonPath.DISCARD,
    });
    recordRunFailure.next(new sfn.Fail(this, 'StagingSyncFailed', { error: 'StagingSyncFailed', causePath: '$.failure.Cause' }));
    for (const state of [syncAccountRegions, complete]) state.addCatch(recordRunFailure, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });

    begin.addCatch(new sfn.Succeed(this, 'SkipOverlappingRun', { comment: 'Other runs hold every account' }), {
      errors: [ErrorNames.SyncAlreadyRunning],
      resultPath: '$.skipped',
    });

    const succeeded = new sfn.Succeed(this, 'StagingSyncSucceeded', { outputPath: '$.completed' });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: STAGING_ACCOUNT_SYNC_MACHINE_NAME,
      definitionBody: sfn.DefinitionBody.fromChainable(begin.next(syncAccountRegions).next(complete).next(succeeded)),
      timeout: props.timeout ?? Duration.minutes(20),
      tracingEnabled: true,
      logs: {
        destination: props.logGroup ?? new logs.LogGroup(this, 'ExecutionLogs', { retention: logs.RetentionDays.ONE_MONTH }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
      comment: 'Extends staging accounts’ source servers into their target accounts, per target account and active region',
    });
  }
}
