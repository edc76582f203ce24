import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { PUBLIC, ROLES } from '../../api/auth/roles';
import { API_HANDLER_EXPORTS, PROXY_METHODS, proxyFunctionOf, routesWithOwnResource, type ApiFunctionKind } from '../../api/framework/api-functions';
import { routes as apiRoutes } from '../../api/routes';
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
 * API Gateway refuses two variable path parts under one resource (`{id}` beside
 * `{accountId}`); say so at synth, naming the paths, rather than at deploy.
 */
function assertOneVariableChild(resource: apigw.IResource): void {
  const children = resource.node.children.filter((c): c is apigw.Resource => c instanceof apigw.Resource);
  const variables = children.filter((c) => c.path.split('/').pop()!.startsWith('{'));
  if (variables.length > 1) throw new Error(`API Gateway allows one variable path part under ${resource.path}, the route table needs ${variables.map((v) => v.path).join(', ')}`);
  children.forEach(assertOneVariableChild);
}

/**
 * The REST API: API Gateway with a Cognito authorizer in front of two Lambda
 * functions built from the same code, one for the routes that only read (with
 * read-only permissions) and one for the routes that write, a WAF web ACL, and
 * the user pool whose groups are the roles. The stage is named `api`, so paths
 * read as they do locally.
 */
export class ApiStack extends Stack {
  public readonly api: apigw.RestApi;
  public readonly userPool: cognito.UserPool;
  /** Serves the `read` routes (api/framework/route.ts effect) with read-only grants. */
  public readonly readHandler: TaskFunction;
  /** Serves the `write` routes with the grants they need. */
  public readonly writeHandler: TaskFunction;
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

    // Reads and writes apart (docs/decisions/README.md): one function per route effect, from the same code.
    const common = {
      [EnvNames.TargetAccountTable]: data.targetAccounts.tableName,
      [EnvNames.RecoveryInstanceTable]: data.recoveryInstances.tableName,
      [EnvNames.SyncRunTable]: data.syncRuns.tableName,
      // The only account that may go without a role; unset, the API lets no account go without one.
      [EnvNames.HubAccountId]: this.account,
      [EnvNames.ApiCorsAllowOrigin]: props.consoleOrigin,
    };
    this.readHandler = new TaskFunction(this, 'ApiReadHandler', {
      entry: 'api/handler.ts',
      handlerExport: API_HANDLER_EXPORTS.read,
      description: 'Serves the API operations that only read, with read-only permissions',
      timeout: Duration.seconds(29),
      environment: {
        ...common,
        [EnvNames.RegionStatusTable]: data.regionStatus.tableName,
        [EnvNames.ProtectionGroupTable]: data.protectionGroups.tableName,
        [EnvNames.RecoveryPlanTable]: data.recoveryPlans.tableName,
        [EnvNames.InventoryTable]: data.inventory.tableName,
      },
    });
    // Only Get, Query, Scan and BatchGet: test/unit/infra/api-read-write.test.ts holds the read function to read verbs.
    grantTable(this.readHandler, data.targetAccounts, ['GetItem', 'Scan']);
    grantTable(this.readHandler, data.recoveryInstances, ['Query', 'Scan'], {
      indexes: [RecoveryInstanceIndexes.bySourceExecution, RecoveryInstanceIndexes.byAccountRegion],
    });
    // Query: run listings; GetItem: the tag-sync settings item.
    grantTable(this.readHandler, data.syncRuns, ['Query', 'GetItem']);
    // The region, service and account reads; the syncs write the table.
    grantTable(this.readHandler, data.regionStatus, ['Scan']);
    grantTable(this.readHandler, data.recoveryPlans, ['GetItem', 'Scan']);
    // Scan: the source-server picker marks the servers other groups hold.
    grantTable(this.readHandler, data.protectionGroups, ['BatchGetItem', 'Scan']);
    // The inventory-first reads: Query (freshness markers, one account-region, keyed pages) and Scan (pages). A stale
    // account-region is read from DRS and served, not written back here: the read function holds read verbs only.
    grantTable(this.readHandler, data.inventory, ['Query', 'Scan']);
    // Staging-account discovery and validation read DRS, in the hub itself or through a target role; the read
    // function's sessions there carry READ_ONLY_SESSION_POLICY (api/deps.ts), so the role's writes stay out of reach.
    grantAwsActions(this.readHandler, ['drs:DescribeSourceServers', 'drs:ListStagingAccounts', 'drs:DescribeJobs']);
    grantAssumeTargetRole(this.readHandler, props.targetRoleName ?? 'DrsOrchestratorTargetRole', props.targetAccounts);

    this.writeHandler = new TaskFunction(this, 'ApiWriteHandler', {
      entry: 'api/handler.ts',
      handlerExport: API_HANDLER_EXPORTS.write,
      description: 'Serves the API operations that change something: accounts, settings, sync starts, terminations',
      timeout: Duration.seconds(29),
      environment: {
        ...common,
        [EnvNames.RecoveryInstanceSyncStateMachineArn]: orchestration.recoveryInstanceSync.stateMachine.stateMachineArn,
        [EnvNames.TagSyncStateMachineArn]: orchestration.tagSync.stateMachine.stateMachineArn,
        [EnvNames.InventorySyncStateMachineArn]: orchestration.inventorySync.stateMachine.stateMachineArn,
        [EnvNames.StagingAccountSyncStateMachineArn]: orchestration.stagingAccountSync.stateMachine.stateMachineArn,
      },
    });
    grantTable(this.writeHandler, data.targetAccounts, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);
    grantTable(this.writeHandler, data.recoveryInstances, ['Query', 'BatchWriteItem'], {
      indexes: [RecoveryInstanceIndexes.bySourceExecution, RecoveryInstanceIndexes.byAccountRegion, RecoveryInstanceIndexes.byRecoveryInstance],
    });
    // The tag-sync settings item.
    grantTable(this.writeHandler, data.syncRuns, ['GetItem', 'PutItem']);
    // validate_target_account checks DRS in the hub account itself (target accounts through their role).
    grantAwsActions(this.writeHandler, ['drs:DescribeSourceServers']);
    // Terminating recovery instances stays an API write (decision: reads and writes apart, why).
    grantTerminateRecoveryInstances(this.writeHandler);
    grantAssumeTargetRole(this.writeHandler, props.targetRoleName ?? 'DrsOrchestratorTargetRole', props.targetAccounts);
    orchestration.recoveryInstanceSync.stateMachine.grantStartExecution(this.writeHandler);
    orchestration.tagSync.stateMachine.grantStartExecution(this.writeHandler);
    orchestration.inventorySync.stateMachine.grantStartExecution(this.writeHandler);
    orchestration.stagingAccountSync.stateMachine.grantStartExecution(this.writeHandler);

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
    const integrations: Record<ApiFunctionKind, apigw.LambdaIntegration> = {
      read: new apigw.LambdaIntegration(this.readHandler, { proxy: true }),
      write: new apigw.LambdaIntegration(this.writeHandler, { proxy: true }),
    };
    const secured: apigw.MethodOptions = { authorizer, authorizationType: apigw.AuthorizationType.COGNITO, requestValidator: validator };
    // Derived from the route table (api/framework/api-functions.ts), which the local API server mirrors:
    // `/{proxy+}` sends GET to the read function and every other method to the write function...
    const proxy = this.api.root.addResource('{proxy+}');
    for (const method of PROXY_METHODS) proxy.addMethod(method, integrations[proxyFunctionOf(method)], secured);
    // ...and a route the proxy cannot serve gets its own resource and method: a POST that only reads (the proxy would
    // send it to the write function), and a public route (health, so that load balancers and probes need no token).
    const methods = new Map<string, apigw.Method>();
    for (const route of routesWithOwnResource(apiRoutes)) {
      const options = route.access === PUBLIC ? { requestValidator: validator } : secured;
      methods.set(route.operationId, this.api.root.resourceForPath(route.path).addMethod(route.method, integrations[route.effect], options));
    }
    const health = methods.get('health');
    if (!health) throw new Error('the route table has no public health route');
    this.healthMethod = health;
    assertOneVariableChild(this.api.root);

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
