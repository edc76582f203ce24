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
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { JsonPath } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { accountRegionMap, beginRunTask, completeRunTask, failRunWith, lambdaStep, skipOverlappingRun, syncStateMachine, syncSucceeded } from './lib/sync-states';

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

    const begin = beginRunTask(this, 'BeginInventorySync', props.beginInventorySync, 'Plan the account-regions (active-region filter), take the lock and record the run');
    skipOverlappingRun(this, begin);

    const syncAccountRegions = accountRegionMap(this, {
      comment: 'One inventory per planned account and region, failures isolated',
      maxConcurrency: props.maxConcurrency ?? 4,
      steps: [lambdaStep(this, 'SyncInventoryAccountRegion', props.syncInventoryAccountRegion, 'Inventory one account-region and record its region status')],
    });

    // The plan goes to the complete task on failure too: it drops the active-region cache either way.
    const runFields = { plan: JsonPath.objectAt('$.run.plan') };
    const complete = completeRunTask(this, 'CompleteInventorySync', props.completeInventorySync, {
      comment: 'Record the run, emit metrics, drop the active-region cache, release the lock',
      runFields,
    });
    failRunWith(this, { completeFunction: props.completeInventorySync, errorName: 'InventorySyncFailed', runFields, guard: [syncAccountRegions, complete] });

    this.stateMachine = syncStateMachine(this, {
      name: INVENTORY_SYNC_MACHINE_NAME,
      definition: begin.next(syncAccountRegions).next(complete).next(syncSucceeded(this, 'InventorySyncSucceeded')),
      timeout: props.timeout ?? Duration.minutes(10),
      logGroup: props.logGroup,
      comment: 'Inventories DRS source servers (with their original topology) in every target account and active region',
    });
  }
}
