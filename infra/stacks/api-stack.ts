import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { ROLES } from '../../api/auth/roles';
import { EnvNames } from '../../lib/config';
import { RecoveryInstanceIndexes } from '../../lib/repositories/recovery-instances';
import { grantAssumeTargetRole, grantAwsActions, grantTable, grantTerminateRecoveryInstances, type TargetAccountScope } from '../constructs/grants';
import { TaskFunction } from '../constructs/task-function';
import type { DataStack } from './data-stack';
import type { OrchestrationStack } from './orchestration-stack';

/** The roles a user can hold, as Cognito groups; the API enforces them per route. One list: api/auth/roles.ts. */
export const USER_ROLES = ROLES;

/** Headers that let the console read API Gateway's own answers (401, 403, 429, 5xx) cross-origin. */
export function gatewayCorsHeaders(consoleOrigin: string): Record<string, string> {
  return { 'Access-Control-Allow-Origin': `'${consoleOrigin}'`, Vary: "'Origin'" };
}

export interface ApiStackProps extends StackProps {
  readonly data: DataStack;
  readonly orchestration: OrchestrationStack;
  /**
   * The console's origin (`https://{domain}`), the only one allowed to call
   * the API from a browser: the preflight, the handler's answers and the
   * gateway's own errors all name it, never an echo of the request's Origin.
   */
  readonly consoleOrigin: string;
  /** @default 'DrsOrchestratorTargetRole' */
  readonly targetRoleName?: string;
  /** Whose target roles the API may assume. @default the CDK context's, see TargetAccountScope */
  readonly targetAccounts?: TargetAccountScope;
  /** Requests one client IP may send in 5 minutes before WAF blocks it. @default 1500 */
  readonly wafRateLimitPerIp?: number;
  /** Steady-state requests per second across the API. @default 50 */
  readonly throttlingRateLimit?: number;
  /** @default 100 */
  readonly throttlingBurstLimit?: number;
}

/**
 * The REST API: API Gateway with a Cognito authorizer in front of one Lambda
 * that routes every operation, a WAF web ACL, and the user pool whose groups
 * are the roles. The stage is named `api`, so paths read as they do locally.
 */
export class ApiStack extends Stack {
  public readonly api: apigw.RestApi;
  public readonly userPool: cognito.UserPool;
  public readonly handler: TaskFunction;
  public readonly healthMethod: apigw.Method;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { data, orchestration } = props;

    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true, username: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 14, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    USER_ROLES.forEach((role, precedence) => {
      new cognito.CfnUserPoolGroup(this, `${role}Group`, { userPoolId: this.userPool.userPoolId, groupName: role, precedence });
    });

    this.handler = new TaskFunction(this, 'ApiHandler', {
      entry: 'api/handler.ts',
      description: 'Routes every API operation: API Gateway, direct invocation and schedules',
      timeout: Duration.seconds(29),
      environment: {
        [EnvNames.RecoveryInstanceTable]: data.recoveryInstances.tableName,
        [EnvNames.TargetAccountTable]: data.targetAccounts.tableName,
        [EnvNames.SyncRunTable]: data.syncRuns.tableName,
        [EnvNames.RegionStatusTable]: data.regionStatus.tableName,
        [EnvNames.ProtectionGroupTable]: data.protectionGroups.tableName,
        [EnvNames.RecoveryPlanTable]: data.recoveryPlans.tableName,
        [EnvNames.RecoveryInstanceSyncStateMachineArn]: orchestration.recoveryInstanceSync.stateMachine.stateMachineArn,
        [EnvNames.TagSyncStateMachineArn]: orchestration.tagSync.stateMachine.stateMachineArn,
        // The only account that may go without a role; unset, the API lets no account go without one.
        [EnvNames.HubAccountId]: this.account,
        [EnvNames.ApiCorsAllowOrigin]: props.consoleOrigin,
      },
    });
    grantTable(this.handler, data.targetAccounts, ['GetItem', 'Scan', 'PutItem', 'UpdateItem', 'DeleteItem']);
    grantTable(this.handler, data.recoveryInstances, ['BatchGetItem', 'Query', 'Scan', 'BatchWriteItem'], {
      indexes: [RecoveryInstanceIndexes.bySourceExecution, RecoveryInstanceIndexes.byAccountRegion, RecoveryInstanceIndexes.byRecoveryInstance],
    });
    // Query: run listings; GetItem/PutItem: the tag-sync settings item.
    grantTable(this.handler, data.syncRuns, ['Query', 'GetItem', 'PutItem']);
    // The region, service and account reads; the syncs write the table.
    grantTable(this.handler, data.regionStatus, ['Scan']);
    grantTable(this.handler, data.recoveryPlans, ['GetItem', 'Scan']);
    grantTable(this.handler, data.protectionGroups, ['BatchGetItem']);
    grantAwsActions(this.handler, ['drs:DescribeSourceServers', 'drs:ListStagingAccounts']);
    grantTerminateRecoveryInstances(this.handler);
    grantAssumeTargetRole(this.handler, props.targetRoleName ?? 'DrsOrchestratorTargetRole', props.targetAccounts);
    orchestration.recoveryInstanceSync.stateMachine.grantStartExecution(this.handler);
    orchestration.tagSync.stateMachine.grantStartExecution(this.handler);

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: 'drs-orchestrator',
      description: 'DRS orchestrator API',
      cloudWatchRole: true,
      deployOptions: {
        stageName: 'api',
        throttlingRateLimit: props.throttlingRateLimit ?? 50,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 100,
        loggingLevel: apigw.MethodLoggingLevel.INFO,
        dataTraceEnabled: false,
        tracingEnabled: true,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
      },
      // One origin: API Gateway then answers the preflight with it as a constant, never an echo.
      defaultCorsPreflightOptions: { allowOrigins: [props.consoleOrigin], allowHeaders: ['Authorization', 'Content-Type'] },
    });
    // API Gateway's own answers (authorizer 401/403, throttling 429, integration 5xx) bypass the function:
    // without these headers the browser hides them from the console, which then sees a network error.
    for (const [id, type] of [['Default4xx', apigw.ResponseType.DEFAULT_4XX], ['Default5xx', apigw.ResponseType.DEFAULT_5XX]] as const) {
      this.api.addGatewayResponse(id, { type, responseHeaders: gatewayCorsHeaders(props.consoleOrigin) });
    }
    const authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [this.userPool] });
    const validator = this.api.addRequestValidator('ParameterValidator', { validateRequestParameters: true, validateRequestBody: true });
    const integration = new apigw.LambdaIntegration(this.handler, { proxy: true });
    const secured: apigw.MethodOptions = { authorizer, authorizationType: apigw.AuthorizationType.COGNITO, requestValidator: validator };
    this.api.root.addResource('{proxy+}').addMethod('ANY', integration, secured);
    // Health answers without a token so that load balancers and probes can use it.
    this.healthMethod = this.api.root.addResource('health').addMethod('GET', integration, { requestValidator: validator });

    const webAcl = new wafv2.CfnWebACL(this, 'ApiWebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'drs-orchestrator-api', sampledRequestsEnabled: true },
      rules: [
        {
          name: 'AWSManagedRulesCommonRuleSet',
          priority: 0,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'common-rule-set', sampledRequestsEnabled: true },
        },
        {
          // Stage throttling is shared by all callers; this stops one client IP from using it all up.
          name: 'RateLimitPerClientIp',
          priority: 1,
          // 429 with the console's origin, so the console can tell "slow down" from a network failure.
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                responseHeaders: [
                  { name: 'Access-Control-Allow-Origin', value: props.consoleOrigin },
                  { name: 'Retry-After', value: '60' },
                ],
              },
            },
          },
          statement: { rateBasedStatement: { limit: props.wafRateLimitPerIp ?? 1500, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'rate-limit-per-ip', sampledRequestsEnabled: true },
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'ApiWebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: webAcl.attrArn,
    });
  }
}
