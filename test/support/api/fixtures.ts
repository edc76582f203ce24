import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { AuthorizerClaims } from '../../../api/auth/principal';
import type { Role } from '../../../api/auth/roles';
import type { ApiDeps } from '../../../api/deps';
import { AwsClientFactory } from '../../../lib/aws/clients';
import { startRecoveryInstanceSync } from '../../../lib/recovery-instances/sync-control';
import { RecoveryInstanceRepository } from '../../../lib/repositories/recovery-instances';
import { ProtectionGroupRepository, RecoveryPlanRepository } from '../../../lib/repositories/recovery-plans';
import { SyncRunRepository } from '../../../lib/repositories/sync-runs';
import { TargetAccountRepository } from '../../../lib/repositories/target-accounts';
import type { TestDynamo } from './dynamo';

export const HUB_ACCOUNT = '111111111111';
export const TARGET_ACCOUNT = '222222222222';
export const FIXED_NOW = new Date('2030-01-02T03:04:05.000Z');
/** The recovery-instance-sync state machine the test deps start (SFNClient is mocked by the tests that start it). */
export const SYNC_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:111111111111:stateMachine:recovery-instance-sync';

/** Claims as API Gateway's Cognito authorizer passes them. */
export function claimsFor(role: Role | null, username = role ? role.toLowerCase() : 'nobody'): AuthorizerClaims {
  return { sub: `sub-${username}`, 'cognito:username': username, ...(role ? { 'cognito:groups': role } : {}), token_use: 'id' };
}

export interface ProxyEventOptions {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  /** A raw body string, sent as is (e.g. malformed JSON). */
  readonly rawBody?: string;
  readonly claims?: AuthorizerClaims | null;
  readonly query?: Record<string, string>;
  readonly resource?: string;
  readonly pathParameters?: Record<string, string>;
}

/** A minimal API Gateway REST proxy event; claims default to an Admin's. */
export function proxyEvent(options: ProxyEventOptions): APIGatewayProxyEvent {
  const claims = options.claims === undefined ? claimsFor('Admin') : options.claims;
  return {
    httpMethod: options.method,
    path: options.path,
    resource: options.resource ?? '/{proxy+}',
    pathParameters: options.pathParameters ?? null,
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    stageVariables: null,
    isBase64Encoded: false,
    body: options.rawBody ?? (options.body === undefined ? null : JSON.stringify(options.body)),
    requestContext: {
      requestId: 'req-test-1',
      stage: 'api',
      authorizer: claims ? { claims } : null,
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

export function lambdaContext(awsRequestId = 'lambda-req-1'): Context {
  return {
    awsRequestId,
    functionName: 'api-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:api-test',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/api-test',
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Deps against fresh tables in the test DynamoDB, a fixed clock, and a client
 * factory that does not retry (the SDK is mocked). Starting the sync goes
 * through the real StartExecution call, so a test that starts it mocks SFNClient.
 */
export async function testDeps(dynamo: TestDynamo, overrides: Partial<ApiDeps> = {}): Promise<ApiDeps> {
  const [targetAccounts, recoveryInstances, recoveryPlans, protectionGroups, syncRuns] = await Promise.all([
    dynamo.createTargetAccountTable(),
    dynamo.createRecoveryInstanceTable(),
    dynamo.createRecoveryPlanTable(),
    dynamo.createProtectionGroupTable(),
    dynamo.createSyncRunTable(),
  ]);
  const client = dynamo.documentClient;
  return {
    targetAccounts: new TargetAccountRepository(targetAccounts, client),
    recoveryInstances: new RecoveryInstanceRepository(recoveryInstances, client),
    recoveryPlans: new RecoveryPlanRepository(recoveryPlans, client),
    protectionGroups: new ProtectionGroupRepository(protectionGroups, client),
    syncRuns: new SyncRunRepository(syncRuns, client),
    startRecoveryInstanceSync: (trigger) => startRecoveryInstanceSync(SYNC_STATE_MACHINE_ARN, trigger),
    awsClients: new AwsClientFactory({ maxAttempts: 1 }),
    hubAccountId: HUB_ACCOUNT,
    now: () => FIXED_NOW,
    ...overrides,
  };
}

/** A valid create body for a target account reached through a role. */
export function createBody(accountId = TARGET_ACCOUNT, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accountId,
    name: `Account ${accountId}`,
    roleArn: `arn:aws:iam::${accountId}:role/DrsOrchestratorTarget`,
    externalId: 'ext-0123456789-abcd',
    regions: ['us-east-1', 'us-west-2'],
    ...overrides,
  };
}
