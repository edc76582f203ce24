import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { ApiStack } from './api-stack';
import type { OrchestrationStack } from './orchestration-stack';

export interface MonitoringStackProps extends StackProps {
  readonly orchestration: OrchestrationStack;
  readonly api: ApiStack;
  /** Metric namespace the tasks emit to (POWERTOOLS_METRICS_NAMESPACE). @default 'DrsOrchestrator' */
  readonly metricsNamespace?: string;
}

/** One dashboard and the alarms an on-call operator acts on, all notifying one encrypted SNS topic. */
export class MonitoringStack extends Stack {
  public readonly alarmTopic: sns.Topic;
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const namespace = props.metricsNamespace ?? 'DrsOrchestrator';
    const syncMachine = props.orchestration.recoveryInstanceSync.stateMachine;

    const topicKey = new kms.Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: 'Encrypts DRS orchestrator alarm notifications' });
    topicKey.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { displayName: 'DRS orchestrator alarms', masterKey: topicKey, enforceSSL: true });
    const notify = new actions.SnsAction(this.alarmTopic);

    const syncMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({ namespace, metricName, statistic, period: Duration.minutes(5), dimensionsMap: { service: 'drs-orchestrator', SyncName: 'recovery-instance-sync' } });
    const syncDuration = syncMetric('SyncDuration', 'Maximum');
    const instancesProcessed = syncMetric('InstancesProcessed', 'Maximum');
    const syncFailures = syncMetric('SyncFailure', 'Sum');
    const slowSyncs = syncMetric('SlowSyncWarning', 'Sum');
    const targetFailures = syncMetric('SyncTargetFailures', 'Sum');
    const skippedRuns = syncMetric('SyncSkipped', 'Sum');
    // Three sync intervals without a SUCCEEDED or PARTIAL run: whatever the reason (skipped, stopped,
    // failing, not started at all), the cache is that old. No data at all counts as stale.
    const staleAfter = Duration.minutes(props.orchestration.recoveryInstanceSyncInterval.toMinutes() * 3);
    const cacheRefreshes = new cloudwatch.Metric({
      namespace,
      metricName: 'SyncSuccess',
      statistic: 'Sum',
      period: staleAfter,
      dimensionsMap: { service: 'drs-orchestrator', SyncName: 'recovery-instance-sync' },
    });

    const alarms = [
      new cloudwatch.Alarm(this, 'SyncExecutionsFailed', {
        alarmDescription: 'The recovery-instance sync state machine failed: the cache may be stale. Open the execution in the Step Functions console.',
        metric: syncMachine.metricFailed({ period: Duration.minutes(15), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'SyncTargetsFailing', {
        alarmDescription: 'An account-region failed in 3 consecutive syncs (AccessDenied, throttling, DRS errors). See the sync status page for which one.',
        metric: targetFailures,
        threshold: 1,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'SyncSlow', {
        alarmDescription: 'A recovery-instance sync took longer than 4 minutes; runs may start to skip each other.',
        metric: slowSyncs,
        threshold: 1,
        evaluationPeriods: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'CacheStale', {
        alarmDescription: `No recovery-instance sync succeeded in ${staleAfter.toMinutes()} minutes (3 intervals): the cache is stale. Check the sync status page for skipped, stopped or failed runs.`,
        metric: cacheRefreshes,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
      new cloudwatch.Alarm(this, 'ApiServerErrors', {
        alarmDescription: 'The API answered 5xx: check the API handler logs.',
        metric: props.api.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 5,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(notify);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: 'drs-orchestrator' });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Recovery-instance sync duration (ms)', left: [syncDuration] }),
      new cloudwatch.GraphWidget({ title: 'Instances cached per sync', left: [instancesProcessed] }),
      new cloudwatch.GraphWidget({ title: 'Sync failures and skipped runs', left: [syncFailures, targetFailures, slowSyncs, skippedRuns] }),
      new cloudwatch.GraphWidget({
        title: 'Sync executions',
        left: [syncMachine.metricSucceeded(), syncMachine.metricFailed(), syncMachine.metricTimedOut()],
      }),
      new cloudwatch.GraphWidget({ title: 'API', left: [props.api.api.metricCount(), props.api.api.metricServerError(), props.api.api.metricClientError()] }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms }),
    );
  }
}
