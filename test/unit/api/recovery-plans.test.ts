import '../../support/api/env';
import { mockSdkClient } from '../../support/api/sdk-mock';
import { DrsClient } from '@aws-sdk/client-drs';
import { EC2Client } from '@aws-sdk/client-ec2';
import type { ApiDeps } from '../../../api/deps';
import { createApiHandler } from '../../../api/handler';
import type { ProtectionGroupRecord } from '../../../contracts/records/protection-group';
import type { RecoveryPlanRecord } from '../../../contracts/records/recovery-plan';
import { DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RecoveryInstanceRepository } from '../../../lib/repositories/recovery-instances';
import { RecoveryPlanRepository } from '../../../lib/repositories/recovery-plans';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';
import { lambdaContext, proxyEvent, claimsFor, recoveryInstanceRecord, sourceServerId, TARGET_ACCOUNT, testDeps } from '../../support/api/fixtures';

const drs = mockSdkClient(DrsClient);
const ec2 = mockSdkClient(EC2Client);

let dynamo: TestDynamo;
let deps: ApiDeps;
let handler: ReturnType<typeof createApiHandler>;
let call: (operation: string, params?: Record<string, unknown>) => Promise<{ statusCode: number; body: any }>;

beforeAll(async () => {
  dynamo = await startDynamo();
});
beforeEach(async () => {
  drs.reset();
  ec2.reset();
  deps = await testDeps(dynamo);
  handler = createApiHandler(deps);
  call = async (operation, params = {}) => (await handler({ operation, ...params }, lambdaContext())) as { statusCode: number; body: any };
});
afterEach(() => deps.awsClients.destroy());
afterAll(async () => {
  drs.restore();
  ec2.restore();
  await dynamo.close();
});

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

function group(groupId: string, servers: number[], overrides: Partial<ProtectionGroupRecord> = {}): ProtectionGroupRecord {
  return { groupId, name: `Group ${groupId}`, accountId: TARGET_ACCOUNT, region: 'us-east-1', sourceServerIds: servers.map(sourceServerId), ...overrides };
}

function plan(planId: string, waves: [string, string[]][], overrides: Partial<RecoveryPlanRecord> = {}): RecoveryPlanRecord {
  return { planId, name: `Plan ${planId}`, waves: waves.map(([name, protectionGroupIds]) => ({ name, protectionGroupIds })), ...overrides };
}

/** A plan of 250 servers in three groups over two waves; `cached` of them have a recovery instance in the cache. */
async function seedLargePlan(cached: number[]): Promise<void> {
  await Promise.all([
    deps.protectionGroups.put(group('web', range(0, 100))),
    deps.protectionGroups.put(group('app', range(100, 100))),
    deps.protectionGroups.put(group('db', range(200, 50))),
    deps.recoveryPlans.put(plan('big', [['front', ['web', 'app']], ['data', ['db']]])),
  ]);
  await deps.recoveryInstances.putMany(cached.map((n) => recoveryInstanceRecord(n, { lastSyncTime: `2030-01-02T00:${String(n % 60).padStart(2, '0')}:00.000Z` })));
}

const cacheTableOf = (d: ApiDeps) => (d.recoveryInstances as unknown as { tableName: string }).tableName;

describe('list_recovery_plans', () => {
  it('lists plans by name with their waves, group ids and distinct server counts', async () => {
    await Promise.all([
      deps.protectionGroups.put(group('g1', [1, 2, 3])),
      deps.protectionGroups.put(group('g2', [3, 4])), // server 3 is in both groups
      deps.recoveryPlans.put(plan('p-b', [['Wave 1', ['g1']], ['Wave 2', ['g2', 'gone']]], { name: 'Billing', description: 'Billing stack' })),
      deps.recoveryPlans.put(plan('p-a', [], { name: 'Accounting', createdAt: '2030-01-01T00:00:00.000Z' })),
    ]);

    const result = await call('list_recovery_plans');

    expect(result).toEqual({
      statusCode: 200,
      body: {
        items: [
          { planId: 'p-a', name: 'Accounting', createdAt: '2030-01-01T00:00:00.000Z', waves: [], protectionGroupIds: [], serverCount: 0 },
          {
            planId: 'p-b',
            name: 'Billing',
            description: 'Billing stack',
            waves: [
              { name: 'Wave 1', protectionGroupIds: ['g1'], serverCount: 3 },
              { name: 'Wave 2', protectionGroupIds: ['g2', 'gone'], serverCount: 2 },
            ],
            protectionGroupIds: ['g1', 'g2', 'gone'],
            serverCount: 4,
          },
        ],
      },
    });
  });

  it('answers 503 (call again) when DynamoDB throttles the plans table: the repository names the error, not a 500', async () => {
    // The SDK's own retries are off, so the throttling reaches the repository at once.
    const throttling = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    throttling.middlewareStack.add(
      () => async () => {
        throw new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded', $metadata: { httpStatusCode: 400 } });
      },
      { step: 'finalizeRequest', name: 'throttleEverything' },
    );
    const planTable = (deps.recoveryPlans as unknown as { tableName: string }).tableName;
    const throttled = createApiHandler({ ...deps, recoveryPlans: new RecoveryPlanRepository(planTable, DynamoDBDocumentClient.from(throttling)) });
    const result = (await throttled({ operation: 'list_recovery_plans' }, lambdaContext())) as { statusCode: number; body: any };
    expect(result).toMatchObject({ statusCode: 503 });
    throttling.destroy();
  });

  it('answers an empty list when there is no plan, reading no group', async () => {
    dynamo.commands.length = 0;
    expect(await call('list_recovery_plans')).toEqual({ statusCode: 200, body: { items: [] } });
    expect(dynamo.commands.map((c) => c.command)).toEqual(['ScanCommand']);
  });
});

describe('check_existing_recovery_instances', () => {
  it('reads a 250-server plan with exactly 3 BatchGetItem calls on the cache and no DRS or EC2 call', async () => {
    const cached = range(0, 250).filter((n) => n % 5 !== 0); // 200 cached, 50 misses
    await seedLargePlan(cached);
    dynamo.commands.length = 0;

    const result = await call('check_existing_recovery_instances', { id: 'big' });

    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({
      planId: 'big',
      planName: 'Plan big',
      serverCount: 250,
      hasExistingInstances: true,
      cacheMisses: 50,
      cacheUnavailable: false,
      lastSyncTime: '2030-01-02T00:01:00.000Z',
    });
    expect(result.body.existingInstances).toHaveLength(200);
    // In wave and group order, without the index key.
    expect(result.body.existingInstances.map((i: { sourceServerId: string }) => i.sourceServerId)).toEqual(cached.map(sourceServerId));
    expect(result.body.existingInstances[0]).not.toHaveProperty('accountRegion');
    expect(result.body.existingInstances[0]).toEqual(expect.objectContaining({ recoveryInstanceId: expect.stringMatching(/^i-/), privateIp: expect.any(String) }));

    const cacheCalls = dynamo.commands.filter((c) => c.tables.includes(cacheTableOf(deps)));
    expect(cacheCalls.map((c) => c.command)).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'BatchGetItemCommand']);
    expect(drs.calls()).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
  });

  it('answers the same through GET and POST on the API Gateway path', async () => {
    await seedLargePlan([1, 2, 3]);
    const answers = [];
    for (const method of ['GET', 'POST']) {
      const event = proxyEvent({ method, path: '/recovery-plans/big/check-existing-instances', claims: claimsFor('ReadOnly'), body: method === 'POST' ? { ignored: true } : undefined });
      answers.push((await handler(event, lambdaContext())) as { statusCode: number; body: string });
    }
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(answers[1]!.body).toBe(answers[0]!.body);
    expect(JSON.parse(answers[0]!.body)).toMatchObject({ serverCount: 250, cacheMisses: 247 });
  });

  it('answers an empty list, cacheUnavailable and 200 when the cache cannot be read', async () => {
    await seedLargePlan([]);
    const broken = await testDeps(dynamo, { recoveryInstances: new RecoveryInstanceRepository('no-such-table', dynamo.documentClient) });
    await Promise.all([
      broken.protectionGroups.put(group('web', range(0, 10))),
      broken.recoveryPlans.put(plan('big', [['front', ['web']]])),
    ]);
    const result = (await createApiHandler(broken)({ operation: 'check_existing_recovery_instances', id: 'big' }, lambdaContext())) as { statusCode: number; body: any };
    broken.awsClients.destroy();

    expect(result).toEqual({
      statusCode: 200,
      body: {
        planId: 'big',
        planName: 'Plan big',
        serverCount: 10,
        existingInstances: [],
        hasExistingInstances: false,
        lastSyncTime: null,
        cacheMisses: 0,
        cacheUnavailable: true,
      },
    });
  });

  it('reads nothing from the cache for a plan without servers', async () => {
    await deps.recoveryPlans.put(plan('empty', [['Wave 1', []]]));
    dynamo.commands.length = 0;
    expect(await call('check_existing_recovery_instances', { id: 'empty' })).toMatchObject({
      statusCode: 200,
      body: { serverCount: 0, existingInstances: [], hasExistingInstances: false, lastSyncTime: null, cacheMisses: 0 },
    });
    expect(dynamo.commands.filter((c) => c.tables.includes(cacheTableOf(deps)))).toEqual([]);
  });

  it('answers 404 for an unknown plan, in both forms', async () => {
    for (const operation of ['check_existing_recovery_instances', 'check_existing_recovery_instances_post']) {
      const result = await call(operation, { id: 'nope' });
      expect(result).toEqual({ statusCode: 404, body: { message: 'Recovery plan nope does not exist' } });
    }
  });

  it('refuses an id longer than a plan id with 400', async () => {
    const result = await call('check_existing_recovery_instances', { id: 'x'.repeat(65) });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([expect.objectContaining({ path: '/pathParameters/id' })]);
  });
});
