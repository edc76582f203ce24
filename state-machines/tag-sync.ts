/**
 * tag-sync: copies each EC2 source instance's tags to its DRS source server,
 * hourly and on demand, in every target account × active region.
 *
 * Paths:
 * - Happy path: BeginTagSync (settings enabled; active-region filter
 *   'tag-sync' plan; lock; run RUNNING) → IsEnabled → SyncAccountRegions (per
 *   planned account-region: PlanAccountRegionTags reads source servers and, in
 *   the account/region the instance lives in, its EC2 tags → ApplySourceServerTags
 *   writes only missing or changed tags with TagResource) → CompleteTagSync
 *   → TagSyncSucceeded.
 * - Nothing changed: every server already carries its tags; no TagResource
 *   call is made and the run counts the calls saved (serversUnchanged).
 * - Disabled: BeginTagSync reads enabled=false and returns DISABLED before
 *   the lock → IsEnabled → TagSyncDisabled (output says why).
 * - Overlapping start: BeginTagSync throws SyncAlreadyRunningError →
 *   SkipOverlappingRun.
 * - One account-region fails (AccessDenied, throttled past its retries, …):
 *   its iteration's Catch → RecordTargetFailure; the others go on; PARTIAL.
 * - Throttling and 5xx: both tasks retried with backoff and jitter;
 *   AccessDenied never.
 * - Fallback (empty or unreadable region status): every registered region is
 *   scanned and PlanAccountRegionTags records each one's status.
 * - The run fails as a whole after taking the lock: RecordRunFailure →
 *   TagSyncFailed.
 * - Stopped, timed out or failed outside a Catch: the execution-ended rule's
 *   ReleaseEndedExecution records the end and releases the lock.
 */
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ErrorNames } from '../lib/errors';

export const TAG_SYNC_MACHINE_NAME = 'tag-sync';

export interface TagSyncProps {
  readonly beginTagSync: IFunction;
  readonly planAccountRegionTags: IFunction;
  readonly applySourceServerTags: IFunction;
  readonly completeTagSync: IFunction;
  /** Account-regions synced at the same time. @default 4 */
  readonly maxConcurrency?: number;
  /** @default Duration.minutes(45): the schedule starts one every hour. */
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

export class TagSync extends Construct {
  public readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: TagSyncProps) {
    super(scope, id);
    const maxConcurrency = props.maxConcurrency ?? 4;

    const beginTagSync = new tasks.LambdaInvoke(this, 'BeginTagSync', {
      lambdaFunction: props.beginTagSync,
      payloadResponseOnly: true,
      comment: 'Read the settings; when enabled, plan the account-regions, take the lock and record the run',
      payload: sfn.TaskInput.fromObject({
        executionArn: sfn.JsonPath.executionId,
        startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
        machineInput: sfn.JsonPath.entirePayload,
      }),
      resultPath: '$.run',
    });

    const planTags = new tasks.LambdaInvoke(this, 'PlanAccountRegionTags', {
      lambdaFunction: props.planAccountRegionTags,
      payloadResponseOnly: true,
      comment: 'Read source servers and their instances’ EC2 tags; decide the writes',
    });
    const applyTags = new tasks.LambdaInvoke(this, 'ApplySourceServerTags', {
      lambdaFunction: props.applySourceServerTags,
      payloadResponseOnly: true,
      comment: 'TagResource the servers whose tags are missing or changed',
    });
    retryThrottling(planTags);
    retryThrottling(applyTags);
    const recordTargetFailure = new sfn.Pass(this, 'RecordTargetFailure', {
      comment: 'Keep this account-region failure for the run record; the others go on',
      parameters: { 'accountId.$': '$.accountId', 'region.$': '$.region', 'error.$': '$.error' },
    });
    // Both inputs carry accountId and region, which the Catch keeps beside the error.
    for (const task of [planTags, applyTags]) task.addCatch(recordTargetFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    const iteration = planTags.next(applyTags);

    const syncAccountRegions = new sfn.Map(this, 'SyncAccountRegions', {
      comment: 'One tag sync per planned account and region, failures isolated',
      itemsPath: '$.run.scanTargets',
      maxConcurrency,
      itemSelector: {
        executionArn: sfn.JsonPath.executionId,
        'accountId.$': '$$.Map.Item.Value.accountId',
        'region.$': '$$.Map.Item.Value.region',
        'reason.$': '$$.Map.Item.Value.reason',
        'selection.$': '$.run.selection',
      },
      resultPath: '$.results',
    });
    syncAccountRegions.itemProcessor(iteration);

    const completeTagSync = new tasks.LambdaInvoke(this, 'CompleteTagSync', {
      lambdaFunction: props.completeTagSync,
      payloadResponseOnly: true,
      comment: 'Record the run, emit metrics, release the lock',
      payload: sfn.TaskInput.fromObject({
        executionArn: sfn.JsonPath.executionId,
        runId: sfn.JsonPath.stringAt('$.run.runId'),
        startedAt: sfn.JsonPath.stringAt('$.run.startedAt'),
        results: sfn.JsonPath.listAt('$.results'),
      }),
      resultPath: '$.completed',
    });

    const recordRunFailure = new tasks.LambdaInvoke(this, 'RecordRunFailure', {
      lambdaFunction: props.completeTagSync,
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
    recordRunFailure.next(new sfn.Fail(this, 'TagSyncFailed', { error: 'TagSyncFailed', causePath: '$.failure.Cause' }));
    for (const state of [syncAccountRegions, completeTagSync]) state.addCatch(recordRunFailure, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });

    beginTagSync.addCatch(new sfn.Succeed(this, 'SkipOverlappingRun', { comment: 'Another run holds the lock' }), {
      errors: [ErrorNames.SyncAlreadyRunning],
      resultPath: '$.skipped',
    });

    const succeeded = new sfn.Succeed(this, 'TagSyncSucceeded', { outputPath: '$.completed' });
    const isEnabled = new sfn.Choice(this, 'IsEnabled')
      .when(sfn.Condition.booleanEquals('$.run.enabled', false), new sfn.Succeed(this, 'TagSyncDisabled', { comment: 'Disabled in the settings: nothing read or written', outputPath: '$.run' }))
      .otherwise(syncAccountRegions.next(completeTagSync).next(succeeded));

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: TAG_SYNC_MACHINE_NAME,
      definitionBody: sfn.DefinitionBody.fromChainable(beginTagSync.next(isEnabled)),
      timeout: props.timeout ?? Duration.minutes(45),
      tracingEnabled: true,
      logs: {
        destination: props.logGroup ?? new logs.LogGroup(this, 'ExecutionLogs', { retention: logs.RetentionDays.ONE_MONTH }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
      comment: 'Copies EC2 source instance tags to their DRS source servers in every target account and region',
    });
  }
}
