import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildTestApp } from '../../support/synth';

const built = buildTestApp();
const data = Template.fromStack(built.data);
const orchestration = Template.fromStack(built.orchestration);
const api = Template.fromStack(built.api);
const monitoring = Template.fromStack(built.monitoring);

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing that is not acknowledged with a reason', () => {
    const report = new AwsSolutionsChecks(built.app).validateScope(built.app);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });
});

describe('data stack', () => {
  it('makes every table on-demand, with point-in-time recovery and the customer-managed key', () => {
    const tables = data.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables).length).toBeGreaterThanOrEqual(6);
    for (const table of Object.values(tables)) {
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] } });
    }
    data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('keys the recovery-instance cache by source server, with GSIs on execution and account-region', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'sourceServerId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'bySourceExecution', KeySchema: [{ AttributeName: 'sourceExecutionId', KeyType: 'HASH' }] }),
        Match.objectLike({ IndexName: 'byAccountRegion', KeySchema: [{ AttributeName: 'accountRegion', KeyType: 'HASH' }] }),
        Match.objectLike({ IndexName: 'byRecoveryInstance', KeySchema: [{ AttributeName: 'recoveryInstanceId', KeyType: 'HASH' }] }),
      ]),
    });
  });

  it('keys the job table by DRS job id; both sync tasks get its name (their grant is checked by the least-privilege machine test)', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', { KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }] });
    const syncFunctions = Object.values(orchestration.findResources('AWS::Lambda::Function')).filter((fn) =>
      /SyncAccountRegion|SyncWaveServers|cache for one account|wave launched/.test(JSON.stringify(fn.Properties.Description ?? '')),
    );
    expect(syncFunctions).toHaveLength(2);
    for (const fn of syncFunctions) expect(fn.Properties.Environment.Variables).toHaveProperty('RECOVERY_JOB_TABLE');
  });
});

describe('orchestration stack', () => {
  it('runs every task on nodejs22.x arm64 with tracing and the handler metadata the local platform reads', () => {
    const functions = orchestration.findResources('AWS::Lambda::Function');
    expect(Object.keys(functions).length).toBeGreaterThanOrEqual(5);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
      expect(fn.Metadata['DrsOrchestrator:Handler']).toEqual({ entry: expect.stringMatching(/^tasks\/.+\.ts$/), export: 'handler' });
    }
  });

  it('names the sync state machine, logs ALL without execution data, and traces it', () => {
    orchestration.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'recovery-instance-sync',
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it('starts the sync every 5 minutes from EventBridge Scheduler', () => {
    orchestration.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('RecoveryInstanceSyncStateMachine') } }),
    });
  });

  it('retries throttling and 5xx in SyncAccountRegion but not AccessDenied', () => {
    const machines = orchestration.findResources('AWS::StepFunctions::StateMachine');
    const definition = JSON.stringify(Object.values(machines)[0].Properties.DefinitionString);
    expect(definition).toContain('ThrottlingError');
    expect(definition).toContain('ServiceUnavailableError');
    expect(definition).not.toMatch(/ErrorEquals\\":\[\\"AccessDeniedError/);
  });
});

describe('api stack', () => {
  it('protects the proxy with the Cognito authorizer and leaves only health open', () => {
    api.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'ANY', AuthorizationType: 'COGNITO_USER_POOLS' });
    api.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', AuthorizationType: 'NONE' });
    api.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'api',
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })]),
    });
  });

  it('has one Cognito group per role', () => {
    for (const role of ['Admin', 'RecoveryManager', 'PlanManager', 'Operator', 'ReadOnly']) {
      api.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    }
  });
});

describe('monitoring stack', () => {
  it('alarms on failed sync executions into an encrypted topic', () => {
    monitoring.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    monitoring.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsFailed', Namespace: 'AWS/States' });
    monitoring.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SlowSyncWarning' });
  });
});

describe('stuck and stale syncs', () => {
  it('sends FAILED, TIMED_OUT and ABORTED executions of the sync to ReleaseEndedExecution', () => {
    const [[ruleId, rule]] = Object.entries(orchestration.findResources('AWS::Events::Rule'));
    expect(ruleId).toMatch(/^ExecutionEndedRule/);
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: expect.stringMatching(/^RecoveryInstanceSyncStateMachine/) }] },
    });
    const target = rule.Properties.Targets[0].Arn['Fn::GetAtt'][0];
    expect(orchestration.findResources('AWS::Lambda::Function')[target].Metadata['DrsOrchestrator:Handler'].entry).toBe('tasks/executions/release-ended-execution.ts');
  });

  it('alarms when no sync succeeded for three intervals, counting no data as stale', () => {
    monitoring.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SyncSuccess',
      Period: 900,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
  });

  it('schedules the sync with the L2 Schedule: no retry of a missed run', () => {
    orchestration.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({ Input: JSON.stringify({ trigger: 'schedule' }), RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }) }),
    });
  });
});
