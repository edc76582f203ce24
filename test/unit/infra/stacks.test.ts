import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ROLES } from '../../../api/auth/roles';
import { grantAssumeTargetRole } from '../../../infra/constructs/grants';
import { USER_ROLES } from '../../../infra/stacks/api-stack';
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

  it('keys the source-server inventory by account-region and source server (records and freshness markers share the table)', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'accountRegion', KeyType: 'HASH' }, { AttributeName: 'sourceServerId', KeyType: 'RANGE' }],
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
    const methods = Object.entries(api.findResources('AWS::ApiGateway::Method')).filter(([, m]) => m.Properties.HttpMethod !== 'OPTIONS');
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      api.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: method, AuthorizationType: 'COGNITO_USER_POOLS', ResourceId: { Ref: Match.stringLikeRegexp('^Apiproxy') } });
    }
    const open = methods.filter(([, m]) => m.Properties.AuthorizationType !== 'COGNITO_USER_POOLS');
    expect(open.map(([, m]) => [m.Properties.HttpMethod, m.Properties.AuthorizationType, m.Properties.ResourceId.Ref])).toEqual([['GET', 'NONE', expect.stringMatching(/^Apihealth/)]]);
    api.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'api',
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })]),
    });
  });

  it('has one Cognito group per role, from the one role list the API enforces', () => {
    expect(USER_ROLES).toBe(ROLES);
    for (const role of ROLES) api.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    expect(Object.keys(api.findResources('AWS::Cognito::UserPoolGroup'))).toHaveLength(ROLES.length);
  });

  it('leaves the only app client to the console stack', () => {
    expect(api.findResources('AWS::Cognito::UserPoolClient')).toEqual({});
  });

  const apiFunctions = () => Object.values(api.findResources('AWS::Lambda::Function')).filter((f) => f.Metadata?.['DrsOrchestrator:Handler']?.entry === 'api/handler.ts');
  const distributionDomain = { 'Fn::ImportValue': expect.stringMatching(/^DrsOrchestratorConsoleHosting:ExportsOutputFnGetAttDistribution\w+DomainName/) };
  const consoleOrigin = { 'Fn::Join': ['', ['https://', distributionDomain]] };

  it("gives both API functions (read and write) the console's origin and the hub account id", () => {
    expect(apiFunctions().map((f) => f.Metadata['DrsOrchestrator:Handler'].export).sort()).toEqual(['readHandler', 'writeHandler']);
    for (const fn of apiFunctions()) expect(fn.Properties.Environment.Variables).toMatchObject({ API_CORS_ALLOW_ORIGIN: consoleOrigin, HUB_ACCOUNT_ID: '111111111111' });
  });

  it('answers the preflight with the console origin only, never any origin', () => {
    const options = Object.values(api.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } }));
    expect(options.length).toBeGreaterThanOrEqual(3); // root, {proxy+}, health
    for (const method of options) {
      const headers = method.Properties.Integration.IntegrationResponses[0].ResponseParameters;
      expect(headers['method.response.header.Access-Control-Allow-Origin']).toEqual({ 'Fn::Join': ['', ["'https://", distributionDomain, "'"]] });
      expect(JSON.stringify(method)).not.toContain("'*'");
    }
  });

  it("puts the console origin on API Gateway's own 4xx and 5xx answers (authorizer 401/403, throttling 429, integration 5xx)", () => {
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
      api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseParameters: Match.objectLike({
          'gatewayresponse.header.Access-Control-Allow-Origin': {
            'Fn::Join': ['', ["'https://", { 'Fn::ImportValue': Match.stringLikeRegexp('^DrsOrchestratorConsoleHosting:ExportsOutputFnGetAttDistribution') }, "'"]],
          },
        }),
      });
    }
  });

  it('blocks a client IP that sends too many requests (WAF rate-based rule)', () => {
    api.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Action: { Block: { CustomResponse: Match.objectLike({ ResponseCode: 429, ResponseHeaders: Match.arrayWith([Match.objectLike({ Name: 'Access-Control-Allow-Origin' })]) }) } },
          Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 1500, EvaluationWindowSec: 300 } },
        }),
      ]),
    });
  });

  it('lets the handler terminate only DRS-managed recovery instances, not every resource', () => {
    const statements = Object.values(api.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const terminate = statements.filter((st) => [st.Action].flat().includes('drs:TerminateRecoveryInstances'));
    expect(terminate).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':drs:*:111111111111:recovery-instance/*']] },
        Condition: { Null: { 'aws:ResourceTag/AWSElasticDisasterRecoveryManaged': 'false' } },
      }),
    ]);
  });
});

describe('AssumeRole into target accounts', () => {
  const assumeStatements = (context: Record<string, unknown>) => {
    const stack = new Stack(new App({ context }), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    const fn = new lambda.Function(stack, 'F', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'x', code: lambda.Code.fromInline('x') });
    grantAssumeTargetRole(fn, 'DrsOrchestratorTargetRole');
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement).filter((st) => st.Action === 'sts:AssumeRole');
  };
  const roleIn = (account: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:role/DrsOrchestratorTargetRole`]] });

  it("is limited to the hub's own organization when nothing is configured (closed outside it)", () => {
    expect(assumeStatements({})).toEqual([
      expect.objectContaining({ Resource: roleIn('*'), Condition: { StringEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' } } }),
    ]);
  });

  it('names exactly the accounts of the allowedTargetAccounts context', () => {
    expect(assumeStatements({ allowedTargetAccounts: '222222222222, 333333333333' })).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [roleIn('222222222222'), roleIn('333333333333')] },
    ]);
    expect(assumeStatements({ allowedTargetAccounts: ['444444444444'] })).toEqual([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleIn('444444444444') }]);
  });

  it('is limited to the organization of the organizationId context', () => {
    expect(assumeStatements({ organizationId: 'o-abcdef1234' })).toEqual([
      expect.objectContaining({ Resource: roleIn('*'), Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-abcdef1234' } } }),
    ]);
  });

  it('refuses a malformed account id or organization id at synth', () => {
    expect(() => assumeStatements({ allowedTargetAccounts: '12345' })).toThrow(/12-digit/);
    expect(() => assumeStatements({ organizationId: 'acme' })).toThrow(/organization id/);
  });

  it('scopes every function that assumes target roles, in every stack', () => {
    for (const template of [orchestration, api]) {
      const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
      for (const st of statements.filter((x) => x.Action === 'sts:AssumeRole')) expect(st.Condition ?? st.Resource).toBeDefined();
      for (const st of statements.filter((x) => x.Action === 'sts:AssumeRole' && JSON.stringify(x.Resource).includes('::*:'))) {
        expect(st.Condition).toEqual({ StringEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' } });
      }
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
  it('sends FAILED, TIMED_OUT and ABORTED executions of the syncs to ReleaseEndedExecution', () => {
    const [[ruleId, rule]] = Object.entries(orchestration.findResources('AWS::Events::Rule'));
    expect(ruleId).toMatch(/^ExecutionEndedRule/);
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: {
        status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
        stateMachineArn: [
          { Ref: expect.stringMatching(/^RecoveryInstanceSyncStateMachine/) },
          { Ref: expect.stringMatching(/^TagSyncStateMachine/) },
          { Ref: expect.stringMatching(/^InventorySyncStateMachine/) },
          { Ref: expect.stringMatching(/^StagingAccountSyncStateMachine/) },
        ],
      },
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

describe('tag sync grants', () => {
  it('lets only the tag writer call drs:TagResource, on the hub account’s source servers and never on *', () => {
    const statements = Object.values(orchestration.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const tagging = statements.filter((st) => [st.Action].flat().includes('drs:TagResource'));
    expect(tagging).toEqual([
      expect.objectContaining({
        Action: 'drs:TagResource',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':drs:*:111111111111:source-server/*']] },
      }),
    ]);
  });
});

describe('staging-account sync grants', () => {
  it('lets only the extender call drs:CreateExtendedSourceServer, on source servers and never on *', () => {
    const policies = Object.values(orchestration.findResources('AWS::IAM::Policy'));
    const extending = policies.filter((p) => p.Properties.PolicyDocument.Statement.some((st: { Action: string | string[] }) => [st.Action].flat().includes('drs:CreateExtendedSourceServer')));
    expect(extending).toHaveLength(1);
    const statement = extending[0]!.Properties.PolicyDocument.Statement.find((st: { Action: string | string[] }) => [st.Action].flat().includes('drs:CreateExtendedSourceServer'));
    expect(statement.Resource).not.toBe('*');
    expect(JSON.stringify(statement.Resource)).toContain(':source-server/*');
    const roles = orchestration.findResources('AWS::Lambda::Function');
    const roleOf = (fn: { Properties: { Role: { 'Fn::GetAtt': [string] } } }) => fn.Properties.Role['Fn::GetAtt'][0];
    const extender = Object.values(roles).find((fn) => fn.Metadata?.['DrsOrchestrator:Handler']?.entry === 'tasks/staging-account-sync/extend-source-servers.ts')!;
    expect(extending[0]!.Properties.Roles).toEqual([{ Ref: roleOf(extender as never) }]);
  });

  it('starts the staging-account sync every 5 minutes', () => {
    const schedules = Object.values(orchestration.findResources('AWS::Scheduler::Schedule'));
    expect(schedules.filter((s) => s.Properties.ScheduleExpression === 'rate(5 minutes)' && JSON.stringify(s.Properties.Target.Arn).includes('StagingAccountSync'))).toHaveLength(1);
  });
});
