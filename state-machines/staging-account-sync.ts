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
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { JsonPath } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { accountRegionMap, beginRunTask, completeRunTask, failRunWith, lambdaStep, skipOverlappingRun, syncStateMachine, syncSucceeded } from './lib/sync-states';

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

export class StagingAccountSync extends Construct {
  public readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: StagingAccountSyncProps) {
    super(scope, id);

    const begin = beginRunTask(this, 'BeginStagingSync', props.beginStagingSync, 'Take a lock per target account, record the run and plan the account-regions');
    skipOverlappingRun(this, begin, 'Other runs hold every account');

    const syncAccountRegions = accountRegionMap(this, {
      comment: 'One staging sync per planned account and region, failures isolated',
      maxConcurrency: props.maxConcurrency ?? 4,
      steps: [
        lambdaStep(this, 'PlanStagingExtensions', props.planStagingExtensions, 'List staging accounts and their extensible servers (read-only)'),
        lambdaStep(this, 'ExtendSourceServers', props.extendSourceServers, 'CreateExtendedSourceServer for each; refusals become findings'),
      ],
    });

    // A lock per account: the complete task releases the ones this run took, on failure too.
    const runFields = { accountIds: JsonPath.listAt('$.run.accountIds'), skipped: JsonPath.listAt('$.run.findings') };
    const complete = completeRunTask(this, 'CompleteStagingSync', props.completeStagingSync, {
      comment: 'Record the run and its findings, emit metrics, release the account locks',
      runFields,
    });
    failRunWith(this, {
      completeFunction: props.completeStagingSync,
      errorName: 'StagingSyncFailed',
      comment: 'Record the failed run and release the account locks',
      runFields,
      guard: [syncAccountRegions, complete],
    });

    this.stateMachine = syncStateMachine(this, {
      name: STAGING_ACCOUNT_SYNC_MACHINE_NAME,
      definition: begin.next(syncAccountRegions).next(complete).next(syncSucceeded(this, 'StagingSyncSucceeded')),
      timeout: props.timeout ?? Duration.minutes(20),
      logGroup: props.logGroup,
      comment: 'Extends staging accounts’ source servers into their target accounts, per target account and active region',
    });
  }
}
