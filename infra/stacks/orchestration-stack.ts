import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';
import { EnvNames } from '../../lib/config';
import { RecoveryInstanceIndexes } from '../../lib/repositories/recovery-instances';
import { RecoveryInstanceSync } from '../../state-machines/recovery-instance-sync';
import { grantAssumeTargetRole, grantAwsActions, grantTable } from '../constructs/grants';
import { TaskFunction } from '../constructs/task-function';
import type { DataStack } from './data-stack';

export interface OrchestrationStackProps extends StackProps {
  readonly data: DataStack;
  /** Name of the role the orchestrator assumes in each target account. @default 'DrsOrchestratorTargetRole' */
  readonly targetRoleName?: string;
  /** How often the recovery-instance cache is refreshed. @default Duration.minutes(5) */
  readonly recoveryInstanceSyncInterval?: Duration;
}

/** The task functions, the state machines they make up, and the schedules that start them. */
export class OrchestrationStack extends Stack {
  public readonly recoveryInstanceSync: RecoveryInstanceSync;
  public readonly syncWaveServers: TaskFunction;
  public readonly taskFunctions: TaskFunction[] = [];

  constructor(scope: Construct, id: string, props: OrchestrationStackProps) {
    super(scope, id, props);
    const { data } = props;
    const targetRoleName = props.targetRoleName ?? 'DrsOrchestratorTargetRole';
    const task = (taskId: string, entry: string, description: string, environment: Record<string, string>) => {
      const fn = new TaskFunction(this, taskId, { entry, description, environment });
      this.taskFunctions.push(fn);
      return fn;
    };

    const syncEnvironment = {
      [EnvNames.RecoveryInstanceTable]: data.recoveryInstances.tableName,
      [EnvNames.TargetAccountTable]: data.targetAccounts.tableName,
    };
    const beginSyncRun = task('BeginSyncRunFunction', 'tasks/recovery-instance-sync/begin-sync-run.ts', 'Takes the recovery-instance sync lock and records the run', {
      [EnvNames.SyncRunTable]: data.syncRuns.tableName,
    });
    grantTable(beginSyncRun, data.syncRuns, ['PutItem']);

    const listSyncTargets = task('ListSyncTargetsFunction', 'tasks/recovery-instance-sync/list-sync-targets.ts', 'Lists the account-regions a sync covers', {
      [EnvNames.TargetAccountTable]: data.targetAccounts.tableName,
    });
    grantTable(listSyncTargets, data.targetAccounts, ['Scan']);

    const syncAccountRegion = task('SyncAccountRegionFunction', 'tasks/recovery-instance-sync/sync-account-region.ts', 'Refreshes the recovery-instance cache for one account and region', syncEnvironment);
    this.syncWaveServers = task('SyncWaveServersFunction', 'tasks/recovery-instance-sync/sync-wave-servers.ts', 'Caches the recovery instances a wave launched', syncEnvironment);
    for (const fn of [syncAccountRegion, this.syncWaveServers]) {
      grantTable(fn, data.targetAccounts, ['GetItem']);
      grantAwsActions(fn, ['drs:DescribeRecoveryInstances', 'drs:DescribeSourceServers', 'ec2:DescribeInstances']);
      grantAssumeTargetRole(fn, targetRoleName);
    }
    // A full sync reconciles an account-region through its index; a wave sync reads the wave's own records.
    grantTable(syncAccountRegion, data.recoveryInstances, ['Query', 'BatchWriteItem'], { indexes: [RecoveryInstanceIndexes.byAccountRegion] });
    grantTable(this.syncWaveServers, data.recoveryInstances, ['BatchGetItem', 'BatchWriteItem']);

    const completeSyncRun = task('CompleteSyncRunFunction', 'tasks/recovery-instance-sync/complete-sync-run.ts', 'Records how a sync run went and releases its lock', {
      [EnvNames.SyncRunTable]: data.syncRuns.tableName,
    });
    grantTable(completeSyncRun, data.syncRuns, ['PutItem', 'DeleteItem']);

    this.recoveryInstanceSync = new RecoveryInstanceSync(this, 'RecoveryInstanceSync', {
      beginSyncRun,
      listSyncTargets,
      syncAccountRegion,
      completeSyncRun,
    });

    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'Lets EventBridge Scheduler start the orchestrator schedules',
    });
    this.recoveryInstanceSync.stateMachine.grantStartExecution(schedulerRole);
    const interval = props.recoveryInstanceSyncInterval ?? Duration.minutes(5);
    new scheduler.CfnSchedule(this, 'RecoveryInstanceSyncSchedule', {
      description: 'Keeps the recovery-instance cache fresh',
      scheduleExpression: `rate(${interval.toMinutes()} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.recoveryInstanceSync.stateMachine.stateMachineArn,
        roleArn: schedulerRole.roleArn,
        input: JSON.stringify({ trigger: 'schedule' }),
        retryPolicy: { maximumRetryAttempts: 0 },
      },
    });
  }
}
