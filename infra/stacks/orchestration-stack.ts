import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { EnvNames } from '../../lib/config';
import { RecoveryInstanceIndexes } from '../../lib/repositories/recovery-instances';
import { RecoveryInstanceSync } from '../../state-machines/recovery-instance-sync';
import { StagingAccountSync } from '../../state-machines/staging-account-sync';
import { TagSync } from '../../state-machines/tag-sync';
import { InventorySync } from '../../state-machines/inventory-sync';
import { TaskFunction, TaskGrants as grant, type TaskFunctionProps } from '../constructs/task-function';
import type { DataStack } from './data-stack';

export interface OrchestrationStackProps extends StackProps {
  readonly data: DataStack;
  /** Name of the role the orchestrator assumes in each target account. @default 'DrsOrchestratorTargetRole' */
  readonly targetRoleName?: string;
  /** How often the recovery-instance cache is refreshed. @default Duration.minutes(5) */
  readonly recoveryInstanceSyncInterval?: Duration;
  /** Longest a recovery-instance sync may run before Step Functions times it out. @default Duration.minutes(15) */
  readonly recoveryInstanceSyncTimeout?: Duration;
  /** How often tag sync runs (it ends at once while disabled in its settings). @default Duration.hours(1) */
  readonly tagSyncInterval?: Duration;
  /** How often the source-server inventory is refreshed. @default Duration.minutes(15) */
  readonly inventorySyncInterval?: Duration;
  /** How often the staging-account sync runs. @default Duration.minutes(5) */
  readonly stagingAccountSyncInterval?: Duration;
}

/** The task functions, the state machines they make up, the schedules that start them, and the rule that cleans up after them. */
export class OrchestrationStack extends Stack {
  public readonly recoveryInstanceSync: RecoveryInstanceSync;
  public readonly recoveryInstanceSyncInterval: Duration;
  public readonly tagSync: TagSync;
  public readonly inventorySync: InventorySync;
  public readonly stagingAccountSync: StagingAccountSync;
  public readonly syncWaveServers: TaskFunction;
  public readonly releaseEndedExecution: TaskFunction;
  public readonly taskFunctions: TaskFunction[] = [];
  /** Sends the FAILED, TIMED_OUT and ABORTED status changes of the machines given to `releaseOnEnd` to ReleaseEndedExecution. */
  public readonly executionEndedRule: events.Rule;

  constructor(scope: Construct, id: string, props: OrchestrationStackProps) {
    super(scope, id, props);
    const { data } = props;
    const targetRoleName = props.targetRoleName ?? 'DrsOrchestratorTargetRole';

    const syncEnvironment = {
      [EnvNames.RecoveryInstanceTable]: data.recoveryInstances.tableName,
      [EnvNames.TargetAccountTable]: data.targetAccounts.tableName,
      [EnvNames.RecoveryJobTable]: data.recoveryJobs.tableName,
    };
    const readsTargetAccounts = [
      grant.table(data.targetAccounts, ['GetItem']),
      // A recovery instance's jobID leads to the execution that launched it.
      grant.table(data.recoveryJobs, ['BatchGetItem']),
      grant.awsActions(['drs:DescribeRecoveryInstances', 'drs:DescribeSourceServers', 'ec2:DescribeInstances']),
      grant.assumeTargetRole(targetRoleName),
    ];

    const beginSyncRun = this.task('BeginSyncRunFunction', {
      entry: 'tasks/recovery-instance-sync/begin-sync-run.ts',
      description: 'Takes the recovery-instance sync lock and records the run',
      environment: { [EnvNames.SyncRunTable]: data.syncRuns.tableName },
      grants: [grant.table(data.syncRuns, ['PutItem'])],
    });
    const listSyncTargets = this.task('ListSyncTargetsFunction', {
      entry: 'tasks/recovery-instance-sync/list-sync-targets.ts',
      description: 'Lists the account-regions a sync covers',
      environment: { [EnvNames.TargetAccountTable]: data.targetAccounts.tableName, [EnvNames.RegionStatusTable]: data.regionStatus.tableName },
      // The active-region filter reads the whole region status table.
      grants: [grant.table(data.targetAccounts, ['Scan']), grant.table(data.regionStatus, ['Scan'])],
    });
    const removeUnregisteredRecords = this.task('RemoveUnregisteredRecordsFunction', {
      entry: 'tasks/recovery-instance-sync/remove-unregistered-records.ts',
      description: 'Removes cached recovery instances of accounts and regions no longer registered',
      environment: { [EnvNames.RecoveryInstanceTable]: data.recoveryInstances.tableName },
      grants: [grant.table(data.recoveryInstances, ['Scan', 'BatchWriteItem'])],
    });
    // A full sync reconciles an account-region through its index; a wave sync reads the wave's own records.
    const syncAccountRegion = this.task('SyncAccountRegionFunction', {
      entry: 'tasks/recovery-instance-sync/sync-account-region.ts',
      description: 'Refreshes the recovery-instance cache for one account and region',
      environment: { ...syncEnvironment, [EnvNames.RegionStatusTable]: data.regionStatus.tableName },
      // It records the status of the regions it scanned for any reason but "active" (fallback, unknown, failed, recheck).
      grants: [
        ...readsTargetAccounts,
        grant.table(data.recoveryInstances, ['Query', 'BatchWriteItem'], { indexes: [RecoveryInstanceIndexes.byAccountRegion] }),
        grant.table(data.regionStatus, ['PutItem']),
      ],
    });
    this.syncWaveServers = this.task('SyncWaveServersFunction', {
      entry: 'tasks/recovery-instance-sync/sync-wave-servers.ts',
      description: 'Caches the recovery instances a wave launched',
      environment: syncEnvironment,
      grants: [...readsTargetAccounts, grant.table(data.recoveryInstances, ['BatchGetItem', 'BatchWriteItem'])],
    });
    const completeSyncRun = this.task('CompleteSyncRunFunction', {
      entry: 'tasks/recovery-instance-sync/complete-sync-run.ts',
      description: 'Records how a sync run went and releases its lock',
      environment: { [EnvNames.SyncRunTable]: data.syncRuns.tableName },
      grants: [grant.table(data.syncRuns, ['PutItem', 'DeleteItem'])],
      idempotencyTable: data.idempotency,
    });

    this.recoveryInstanceSync = new RecoveryInstanceSync(this, 'RecoveryInstanceSync', {
      beginSyncRun,
      listSyncTargets,
      removeUnregisteredRecords,
      syncAccountRegion,
      completeSyncRun,
      timeout: props.recoveryInstanceSyncTimeout,
    });

    // A stopped or timed-out execution runs no Catch: this rule gives back what it held.
    this.releaseEndedExecution = this.task('ReleaseEndedExecutionFunction', {
      entry: 'tasks/executions/release-ended-execution.ts',
      description: 'Records how a stopped, timed-out or failed execution ended and releases what it held',
      environment: { [EnvNames.SyncRunTable]: data.syncRuns.tableName },
      grants: [grant.table(data.syncRuns, ['GetItem', 'UpdateItem', 'DeleteItem'])],
    });
    this.executionEndedRule = new events.Rule(this, 'ExecutionEndedRule', {
      description: 'Releases what an orchestrator execution held when it is stopped, times out or fails',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
      },
      targets: [new eventTargets.LambdaFunction(this.releaseEndedExecution)],
    });
    this.releaseOnEnd(this.recoveryInstanceSync.stateMachine);

    this.recoveryInstanceSyncInterval = props.recoveryInstanceSyncInterval ?? Duration.minutes(5);
    new scheduler.Schedule(this, 'RecoveryInstanceSyncSchedule', {
      description: 'Keeps the recovery-instance cache fresh',
      schedule: scheduler.ScheduleExpression.rate(this.recoveryInstanceSyncInterval),
      target: new schedulerTargets.StepFunctionsStartExecution(this.recoveryInstanceSync.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        // A missed run is not worth a late one: the next comes one interval later.
        retryAttempts: 0,
      }),
    });
    this.tagSync = this.createTagSync(data, targetRoleName, props.tagSyncInterval ?? Duration.hours(1));
    this.inventorySync = this.createInventorySync(data, targetRoleName, props.inventorySyncInterval ?? Duration.minutes(15));
    this.stagingAccountSync = this.createStagingAccountSync(data, targetRoleName, props.stagingAccountSyncInterval ?? Duration.minutes(5));
  }

  /** Inventory sync: its three tasks, machine, cleanup and 15-minute schedule. */
  private createInventorySync(data: DataStack, targetRoleName: string, interval: Duration): InventorySync {
    const beginInventorySync = this.task('BeginInventorySyncFunction', {
      entry: 'tasks/inventory-sync/begin-inventory-sync.ts',
      description: 'Plans the account-regions to inventory, takes the lock and records the run',
      environment: {
        [EnvNames.SyncRunTable]: data.syncRuns.tableName,
        [EnvNames.TargetAccountTable]: data.targetAccounts.tableName,
        [EnvNames.RegionStatusTable]: data.regionStatus.tableName,
        [EnvNames.InventoryTable]: data.inventory.tableName,
      },
      grants: [
        grant.table(data.syncRuns, ['PutItem']),
        grant.table(data.targetAccounts, ['Scan']),
        grant.table(data.regionStatus, ['Scan']),
        // The inventory of account-regions no longer registered: markers and records Query, records BatchWriteItem, marker DeleteItem.
        grant.table(data.inventory, ['Query', 'BatchWriteItem', 'DeleteItem']),
      ],
    });
    const syncInventoryAccountRegion = this.task('SyncInventoryAccountRegionFunction', {
      entry: 'tasks/inventory-sync/sync-inventory-account-region.ts',
      description: 'Inventories the DRS source servers of one account-region and records its region status',
      environment: {
        [EnvNames.TargetAccountTable]: data.targetAccounts.tableName,
        [EnvNames.RegionStatusTable]: data.regionStatus.tableName,
        [EnvNames.InventoryTable]: data.inventory.tableName,
      },
      grants: [
        grant.table(data.targetAccounts, ['GetItem']),
        grant.table(data.regionStatus, ['PutItem']),
        // Query: what the inventory held (its topology is kept); BatchWriteItem: records and removals; PutItem: the freshness marker.
        grant.table(data.inventory, ['Query', 'BatchWriteItem', 'PutItem']),
        grant.awsActions(['drs:DescribeSourceServers', 'drs:DescribeRecoverySnapshots', 'drs:DescribeReplicationConfigurationTemplates']),
        grant.assumeTargetRole(targetRoleName),
      ],
    });
    const completeInventorySync = this.task('CompleteInventorySyncFunction', {
      entry: 'tasks/inventory-sync/complete-inventory-sync.ts',
      description: 'Records how an inventory-sync run went and releases its lock',
      environment: { [EnvNames.SyncRunTable]: data.syncRuns.tableName },
      grants: [grant.table(data.syncRuns, ['PutItem', 'DeleteItem'])],
      idempotencyTable: data.idempotency,
    });
    const inventorySync = new InventorySync(this, 'InventorySync', { beginInventorySync, syncInventoryAccountRegion, completeInventorySync });
    this.releaseOnEnd(inventorySync.stateMachine);
    new scheduler.Schedule(this, 'InventorySyncSchedule', {
      description: 'Keeps the source-server inventory and the region status fresh',
      schedule: scheduler.ScheduleExpression.rate(interval),
      target: new schedulerTargets.StepFunctionsStartExecution(inventorySync.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        retryAttempts: 0,
      }),
    });
    return inventorySync;
  }

  /** Tag sync: its four tasks (only ApplySourceServerTags may call drs:TagResource), machine, cleanup and hourly schedule. */
  private createTagSync(data: DataStack, targetRoleName: string, interval: Duration): TagSync {
    const beginTagSync = this.task('BeginTagSyncFunction', {
      entry: 'tasks/tag-sync/begin-tag-sync.ts',
      description: 'Reads the tag-sync settings, plans the account-regions, takes the lock and records the run',
      environment: {
        [EnvNames.SyncRunTable]: data.syncRuns.tableName,
        [EnvNames.TargetAccountTable]: data.targetAccounts.tableName,
        [EnvNames.RegionStatusTable]: data.regionStatus.tableName,
      },
      // The settings are an item of the SyncRuns table (GetItem); the lock and run are PutItem.
      grants: [grant.table(data.syncRuns, ['GetItem', 'PutItem']), grant.table(data.targetAccounts, ['Scan']), grant.table(data.regionStatus, ['Scan'])],
    });
    const planAccountRegionTags = this.task('PlanAccountRegionTagsFunction', {
      entry: 'tasks/tag-sync/plan-account-region-tags.ts',
      description: 'Reads source servers and their EC2 instances’ tags in one account-region and plans the tag writes',
      environment: { [EnvNames.TargetAccountTable]: data.targetAccounts.tableName, [EnvNames.RegionStatusTable]: data.regionStatus.tableName },
      grants: [
        grant.table(data.targetAccounts, ['GetItem']),
        grant.table(data.regionStatus, ['PutItem']),
        grant.awsActions(['drs:DescribeSourceServers', 'ec2:DescribeTags']),
        grant.assumeTargetRole(targetRoleName),
      ],
    });
    const applySourceServerTags = this.task('ApplySourceServerTagsFunction', {
      entry: 'tasks/tag-sync/apply-source-server-tags.ts',
      description: 'Writes the planned tags to DRS source servers (the only function with drs:TagResource)',
      environment: { [EnvNames.TargetAccountTable]: data.targetAccounts.tableName },
      grants: [grant.table(data.targetAccounts, ['GetItem']), grant.tagSourceServers(), grant.assumeTargetRole(targetRoleName)],
    });
    const completeTagSync = this.task('CompleteTagSyncFunction', {
      entry: 'tasks/tag-sync/complete-tag-sync.ts',
      description: 'Records how a tag-sync run went and releases its lock',
      environment: { [EnvNames.SyncRunTable]: data.syncRuns.tableName },
      grants: [grant.table(data.syncRuns, ['PutItem', 'DeleteItem'])],
      idempotencyTable: data.idempotency,
    });
    const tagSync = new TagSync(this, 'TagSync', { beginTagSync, planAccountRegionTags, applySourceServerTags, completeTagSync });
    this.releaseOnEnd(tagSync.stateMachine);
    new scheduler.Schedule(this, 'TagSyncSchedule', {
      description: 'Copies EC2 instance tags to DRS source servers (ends at once while disabled)',
      schedule: scheduler.ScheduleExpression.rate(interval),
      target: new schedulerTargets.StepFunctionsStartExecution(tagSync.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        retryAttempts: 0,
      }),
    });
    return tagSync;
  }

  /** Staging-account sync: its four tasks (only ExtendSourceServers may call drs:CreateExtendedSourceServer), machine, cleanup and schedule. */
  private createStagingAccountSync(data: DataStack, targetRoleName: string, interval: Duration): StagingAccountSync {
    const beginStagingSync = this.task('BeginStagingSyncFunction', {
      entry: 'tasks/staging-account-sync/begin-staging-sync.ts',
      description: 'Takes a lock per target account, records the run and plans the account-regions',
      environment: {
        [EnvNames.SyncRunTable]: data.syncRuns.tableName,
        [EnvNames.TargetAccountTable]: data.targetAccounts.tableName,
        [EnvNames.RegionStatusTable]: data.regionStatus.tableName,
      },
      grants: [grant.table(data.syncRuns, ['PutItem']), grant.table(data.targetAccounts, ['Scan']), grant.table(data.regionStatus, ['Scan'])],
    });
    const planStagingExtensions = this.task('PlanStagingExtensionsFunction', {
      entry: 'tasks/staging-account-sync/plan-staging-extensions.ts',
      description: 'Lists staging accounts and their extensible source servers in one account-region (read-only)',
      environment: { [EnvNames.TargetAccountTable]: data.targetAccounts.tableName, [EnvNames.RegionStatusTable]: data.regionStatus.tableName },
      // DescribeSourceServers counts the servers of a region whose status it learns (fallback, unknown, …).
      grants: [
        grant.table(data.targetAccounts, ['GetItem']),
        grant.table(data.regionStatus, ['PutItem']),
        grant.awsActions(['drs:ListStagingAccounts', 'drs:ListExtensibleSourceServers', 'drs:DescribeSourceServers']),
        grant.assumeTargetRole(targetRoleName),
      ],
    });
    const extendSourceServers = this.task('ExtendSourceServersFunction', {
      entry: 'tasks/staging-account-sync/extend-source-servers.ts',
      description: 'Extends staging servers into a target account (the only function with drs:CreateExtendedSourceServer)',
      environment: { [EnvNames.TargetAccountTable]: data.targetAccounts.tableName },
      grants: [grant.table(data.targetAccounts, ['GetItem']), grant.extendSourceServers(), grant.assumeTargetRole(targetRoleName)],
    });
    const completeStagingSync = this.task('CompleteStagingSyncFunction', {
      entry: 'tasks/staging-account-sync/complete-staging-sync.ts',
      description: 'Records how a staging-account sync run went, with its findings, and releases the account locks',
      environment: { [EnvNames.SyncRunTable]: data.syncRuns.tableName },
      grants: [grant.table(data.syncRuns, ['PutItem', 'DeleteItem'])],
      idempotencyTable: data.idempotency,
    });
    const machine = new StagingAccountSync(this, 'StagingAccountSync', { beginStagingSync, planStagingExtensions, extendSourceServers, completeStagingSync });
    this.releaseOnEnd(machine.stateMachine);
    new scheduler.Schedule(this, 'StagingAccountSyncSchedule', {
      description: 'Extends staging accounts’ source servers into their target accounts',
      schedule: scheduler.ScheduleExpression.rate(interval),
      target: new schedulerTargets.StepFunctionsStartExecution(machine.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        retryAttempts: 0,
      }),
    });
    return machine;
  }

  /** One declaration per task: its code, what it does, its settings and its permissions. */
  private task(id: string, props: TaskFunctionProps): TaskFunction {
    const fn = new TaskFunction(this, id, props);
    this.taskFunctions.push(fn);
    return fn;
  }

  /** Sends this machine's FAILED, TIMED_OUT and ABORTED executions to ReleaseEndedExecution. */
  releaseOnEnd(machine: sfn.IStateMachine): void {
    // addEventPattern merges lists, so each machine adds its ARN to the one rule.
    this.executionEndedRule.addEventPattern({ detail: { stateMachineArn: [machine.stateMachineArn] } });
  }
}
