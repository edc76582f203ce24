import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { AuthorizerClaims } from '../../../api/auth/principal';
import type { Role } from '../../../api/auth/roles';
import type { ApiDeps } from '../../../api/deps';
import type { RecoveryInstanceRecord } from '../../../contracts/records/recovery-instance';
import type { SyncRunRecord } from '../../../contracts/records/sync-run';
import { AwsClientFactory } from '../../../lib/aws/clients';
import { RegionStatusRepository } from '../../../lib/repositories/region-status';
import { startRecoveryInstanceSync } from '../../../lib/recovery-instances/sync-control';
import { RecoveryInstanceRepository } from '../../../lib/repositories/recovery-instances';
import { ProtectionGroupRepository, RecoveryPlanRepository } from '../../../lib/repositories/recovery-plans';
import { SyncRunRepository } from '../../../lib/repositories/sync-runs';
import { TagSyncSettingsRepository } from '../../../lib/repositories/tag-sync-settings';
import { startStagingAccountSync } from '../../../lib/staging/start';
import { startTagSync } from '../../../lib/tag-sync/start';
import { startInventorySync } from '../../../lib/inventory/start';
import { TargetAccountRepository } from '../../../lib/repositories/target-accounts';
import { SourceServerInventoryRepository } from '../../../lib/repositories/source-server-inventory';
import type { TestDynamo } from './dynamo';

export const HUB_ACCOUNT = '111111111111';
export const TARGET_ACCOUNT = '222222222222';
export const FIXED_NOW = new Date('2030-01-02T03:04:05.000Z');
/** The recovery-instance-sync state machine the test deps start (SFNClient is mocked by the tests that start it). */
export const SYNC_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:111111111111:stateMachine:recovery-instance-sync';
export const TAG_SYNC_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:111111111111:stateMachine:tag-sync';
export const INVENTORY_SYNC_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:111111111111:stateMachine:inventory-sync';
export const STAGING_SYNC_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:111111111111:stateMachine:staging-account-sync';

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
  const [targetAccounts, recoveryInstances, recoveryPlans, protectionGroups, syncRuns, regionStatus, inventory] = await Promise.all([
    dynamo.createTargetAccountTable(),
    dynamo.createRecoveryInstanceTable(),
    dynamo.createRecoveryPlanTable(),
    dynamo.createProtectionGroupTable(),
    dynamo.createSyncRunTable(),
    dynamo.createRegionStatusTable(),
    dynamo.createInventoryTable(),
  ]);
  const client = dynamo.documentClient;
  return {
    targetAccounts: new TargetAccountRepository(targetAccounts, client),
    recoveryInstances: new RecoveryInstanceRepository(recoveryInstances, client),
    recoveryPlans: new RecoveryPlanRepository(recoveryPlans, client),
    protectionGroups: new ProtectionGroupRepository(protectionGroups, client),
    syncRuns: new SyncRunRepository(syncRuns, client),
    regionStatus: new RegionStatusRepository(regionStatus, client),
    inventory: new SourceServerInventoryRepository(inventory, client),
    startRecoveryInstanceSync: (trigger) => startRecoveryInstanceSync(SYNC_STATE_MACHINE_ARN, trigger),
    tagSyncSettings: new TagSyncSettingsRepository(syncRuns, client),
    startTagSync: (requestedBy) => startTagSync(TAG_SYNC_STATE_MACHINE_ARN, requestedBy),
    startInventorySync: (requestedBy) => startInventorySync(INVENTORY_SYNC_STATE_MACHINE_ARN, requestedBy),
    startStagingAccountSync: (targetAccountId, requestedBy) => startStagingAccountSync(STAGING_SYNC_STATE_MACHINE_ARN, targetAccountId, requestedBy),
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

/** The n-th test source server id (`s-` and 17 digits). */
export const sourceServerId = (n: number) => `s-${String(n).padStart(17, '0')}`;
/** The n-th test recovery instance id. */
export const recoveryInstanceId = (n: number) => `i-${n.toString(16).padStart(17, '0')}`;

/** A cache record that satisfies recoveryInstanceRecordSchema, for server n. */
export function recoveryInstanceRecord(n: number, overrides: Partial<RecoveryInstanceRecord> = {}): RecoveryInstanceRecord {
  const accountId = overrides.accountId ?? TARGET_ACCOUNT;
  const region = overrides.region ?? 'us-east-1';
  return {
    sourceServerId: sourceServerId(n),
    recoveryInstanceId: recoveryInstanceId(n),
    ec2InstanceId: recoveryInstanceId(n),
    ec2InstanceState: 'running',
    sourceServerName: `server-${n}.example.internal`,
    name: `server-${n}`,
    privateIp: `10.0.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`,
    publicIp: null,
    instanceType: 'm5.large',
    launchTime: '2030-01-01T00:00:00.000Z',
    region,
    accountId,
    accountRegion: `${accountId}#${region}`,
    sourceExecutionId: null,
    sourcePlanName: null,
    lastSyncTime: '2030-01-02T00:00:00.000Z',
    replicationStagingAccountId: null,
    sourceVpcId: 'vpc-0123456789abcdef0',
    sourceSubnetId: 'subnet-0123456789abcdef0',
    sourceSecurityGroupIds: ['sg-0123456789abcdef0'],
    sourceInstanceProfile: null,
    isDrill: false,
    jobId: 'drsjob-0123456789abcdef0',
    ...overrides,
    ...(overrides.accountRegion === undefined ? { accountRegion: `${accountId}#${region}` } : {}),
  };
}

/** A finished run of the recovery-instance sync that started at `startedAt`. */
export function syncRunRecord(startedAt: string, overrides: Partial<SyncRunRecord> = {}): SyncRunRecord {
  const name = `run-${startedAt.replace(/\D/g, '')}`;
  return {
    syncName: 'recovery-instance-sync',
    runId: `${startedAt}#${name}`,
    executionArn: `arn:aws:states:us-east-1:111111111111:execution:recovery-instance-sync:${name}`,
    status: 'SUCCEEDED',
    startedAt,
    endedAt: new Date(Date.parse(startedAt) + 42_000).toISOString(),
    durationMs: 42_000,
    instancesProcessed: 3,
    recordsRemoved: 1,
    regionsScanned: 2,
    targets: [
      { accountId: TARGET_ACCOUNT, region: 'us-east-1', status: 'SUCCEEDED', instancesProcessed: 2, recordsRemoved: 1, warnings: [], apiCalls: { drs: 1, ec2: 1 } },
      { accountId: TARGET_ACCOUNT, region: 'us-west-2', status: 'SUCCEEDED', instancesProcessed: 1, recordsRemoved: 0, warnings: [] },
    ],
    errors: [],
    ...overrides,
  };
}
