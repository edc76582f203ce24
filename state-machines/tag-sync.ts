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
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { accountRegionMap, beginRunTask, completeRunTask, failRunWith, lambdaStep, skipOverlappingRun, syncStateMachine, syncSucceeded } from './lib/sync-states';

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

export class TagSync extends Construct {
  public readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: TagSyncProps) {
    super(scope, id);

    const begin = beginRunTask(this, 'BeginTagSync', props.beginTagSync, 'Read the settings; when enabled, plan the account-regions, take the lock and record the run');
    skipOverlappingRun(this, begin);

    const syncAccountRegions = accountRegionMap(this, {
      comment: 'One tag sync per planned account and region, failures isolated',
      maxConcurrency: props.maxConcurrency ?? 4,
      carry: { 'selection.$': '$.run.selection' },
      steps: [
        lambdaStep(this, 'PlanAccountRegionTags', props.planAccountRegionTags, 'Read source servers and their instances’ EC2 tags; decide the writes'),
        lambdaStep(this, 'ApplySourceServerTags', props.applySourceServerTags, 'TagResource the servers whose tags are missing or changed'),
      ],
    });

    const complete = completeRunTask(this, 'CompleteTagSync', props.completeTagSync, { comment: 'Record the run, emit metrics, release the lock' });
    failRunWith(this, { completeFunction: props.completeTagSync, errorName: 'TagSyncFailed', guard: [syncAccountRegions, complete] });

    // Disabled in the settings: BeginTagSync returned before taking the lock, so there is nothing to release.
    const isEnabled = new sfn.Choice(this, 'IsEnabled')
      .when(sfn.Condition.booleanEquals('$.run.enabled', false), new sfn.Succeed(this, 'TagSyncDisabled', { comment: 'Disabled in the settings: nothing read or written', outputPath: '$.run' }))
      .otherwise(syncAccountRegions.next(complete).next(syncSucceeded(this, 'TagSyncSucceeded')));

    this.stateMachine = syncStateMachine(this, {
      name: TAG_SYNC_MACHINE_NAME,
      definition: begin.next(isEnabled),
      timeout: props.timeout ?? Duration.minutes(45),
      logGroup: props.logGroup,
      comment: 'Copies EC2 source instance tags to their DRS source servers in every target account and region',
    });
  }
}
