/**
 * inventory-sync: keeps the source-server inventory (and the region status the
 * active-region filter reads) true, every 15 minutes and on demand, in every
 * target account × active region.
 *
 * Paths:
 * - Happy path: BeginInventorySync (active-region filter 'inventory-sync'
 *   plan; lock; run RUNNING; the inventory of account-regions no longer
 *   registered removed, best effort) → SyncAccountRegions (per planned account-region,
 *   SyncInventoryAccountRegion: DescribeSourceServers, the newest snapshot of
 *   each server, records written with their original topology kept, records
 *   of servers gone removed, region status recorded) → CompleteInventorySync
 *   (run record, metrics, filter cache dropped, lock released)
 *   → InventorySyncSucceeded.
 * - Fallback (empty or unreadable region status): every registered region is
 *   scanned and each one's status recorded, so the next run filters.
 * - One account-region fails (AccessDenied, throttled past its retries, …):
 *   its iteration's Catch → RecordTargetFailure; the others go on; PARTIAL.
 * - Throttling and 5xx: the task is retried with backoff and jitter;
 *   AccessDenied never.
 * - Overlapping start: BeginInventorySync throws SyncAlreadyRunningError →
 *   SkipOverlappingRun.
 * - The run fails as a whole after taking the lock: RecordRunFailure →
 *   InventorySyncFailed.
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

export const INVENTORY_SYNC_MACHINE_NAME = 'inventory-sync';

export interface InventorySyncProps {
  readonly beginInventorySync: IFunction;
  readonly syncInventoryAccountRegion: IFunction;
  readonly completeInventorySync: IFunction;
  /** Account-regions inventoried at the same time. @default 4 */
  readonly maxConcurrency?: number;
  /** @default Duration.minutes(10): the schedule starts one every 15 minutes. */
  readonly timeout?: Duration;
  readonly logGroup?: logs.ILogGroup;
}

export class InventorySync extends Construct {
  public readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: InventorySyncProps) {
    super(scope, id);
    const maxConcurrency = props.maxConcurrency ?? 4;

    const begin = new tasks.LambdaInvoke(this, 'BeginInventorySync', {
      lambdaFunction: props.beginInventorySync,
      payloadResponseOnly: true,
      comment: 'Plan the account-regions (active-region filter), take the lock and record the run',
      payload: sfn.TaskInput.fromObject({
        executionArn: sfn.JsonPath.executionId,
        startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
        machineInput: sfn.JsonPath.entirePayload,
      }),
      resultPath: '$.run',
    });

    const syncAccountRegion = new tasks.LambdaInvoke(this, 'SyncInventoryAccountRegion', {
      lambdaFunction: props.syncInventoryAccountRegion,
      payloadResponseOnly: true,
      comment: 'Inventory one account-region and record its region status',
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
      parameters: { 'accountId.$': '$.accountId', 'region.$': '$.region', 'error.$': '$.error' },
    });
    syncAccountRegion.addCatch(recordTargetFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });

    const syncAccountRegions = new sfn.Map(this, 'SyncAccountRegions', {
      comment: 'One inventory per planned account and region, failures isolated',
      itemsPath: '$.run.scanTargets',
      maxConcurrency,
      itemSelector: {
        executionArn: sfn.JsonPath.executionId,
        'accountId.$': '$$.Map.Item.Value.accountId',
        'region.$': '$$.Map.Item.Value.region',
        'reason.$': '$$.Map.Item.Value.reason',
      },
      resultPath: '$.results',
    });
    syncAccountRegions.itemProcessor(syncAccountRegion);

    const complete = new tasks.LambdaInvoke(this, 'CompleteInventorySync', {
      lambdaFunction: props.completeInventorySync,
      payloadResponseOnly: true,
      comment: 'Record the run, emit metrics, drop the active-region cache, release the lock',
      payload: sfn.TaskInput.fromObject({
        executionArn: sfn.JsonPath.executionId,
        runId: sfn.JsonPath.stringAt('$.run.runId'),
        startedAt: sfn.JsonPath.stringAt('$.run.startedAt'),
        plan: sfn.JsonPath.objectAt('$.run.plan'),
        results: sfn.JsonPath.listAt('$.results'),
      }),
      resultPath: '$.completed',
    });

    const recordRunFailure = new tasks.LambdaInvoke(this, 'RecordRunFailure', {
      lambdaFunction: props.completeInventorySync,
      payloadResponseOnly: true,
      comment: 'Record the failed run and release the lock',
      payload: sfn.TaskInput.fromObject({
        executionArn: sfn.JsonPath.executionId,
        runId: sfn.JsonPath.stringAt('$.run.runId'),
        startedAt: sfn.JsonPath.stringAt('$.run.startedAt'),
        plan: sfn.JsonPath.objectAt('$.run.plan'),
        failure: sfn.JsonPath.objectAt('$.failure'),
      }),
      resultPath: sfn.JsonPath.DISCARD,
    });
    recordRunFailure.next(new sfn.Fail(this, 'InventorySyncFailed', { error: 'InventorySyncFailed', causePath: '$.failure.Cause' }));
    for (const state of [syncAccountRegions, complete]) state.addCatch(recordRunFailure, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });

    begin.addCatch(new sfn.Succeed(this, 'SkipOverlappingRun', { comment: 'Another run holds the lock' }), {
      errors: [ErrorNames.SyncAlreadyRunning],
      resultPath: '$.skipped',
    });

    const succeeded = new sfn.Succeed(this, 'InventorySyncSucceeded', { outputPath: '$.completed' });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: INVENTORY_SYNC_MACHINE_NAME,
      definitionBody: sfn.DefinitionBody.fromChainable(begin.next(syncAccountRegions).next(complete).next(succeeded)),
      timeout: props.timeout ?? Duration.minutes(10),
      tracingEnabled: true,
      logs: {
        destination: props.logGroup ?? new logs.LogGroup(this, 'ExecutionLogs', { retention: logs.RetentionDays.ONE_MONTH }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
      comment: 'Inventories DRS source servers (with their original topology) in every target account and active region',
    });
  }
}
