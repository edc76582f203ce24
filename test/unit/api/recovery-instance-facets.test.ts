import '../../support/api/env';
import { ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ApiDeps } from '../../../api/deps';
import { createApiHandler } from '../../../api/handler';
import { recoveryInstanceFacetsSchema } from '../../../contracts/api/recovery-instances';
import { FACET_ATTRIBUTES, RecoveryInstanceRepository } from '../../../lib/repositories/recovery-instances';
import { schemaErrors } from '../../../lib/validation';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';
import { claimsFor, HUB_ACCOUNT, lambdaContext, proxyEvent, recoveryInstanceRecord, TARGET_ACCOUNT, testDeps } from '../../support/api/fixtures';

/** 14 records: three executions, two accounts, two regions, states in two cases and one unknown. */
const seed = () => [
  // exec-old: a drill of Core, 6 instances in TARGET/us-east-1, two of them stopped.
  ...Array.from({ length: 6 }, (_, i) =>
    recoveryInstanceRecord(i, { sourceExecutionId: 'exec-old', sourcePlanName: 'Core', isDrill: true, ec2InstanceState: i < 2 ? 'stopped' : 'running', launchTime: '2030-01-01T00:00:00.000Z' }),
  ),
  // exec-new: a recovery of Edge in TARGET/us-west-2; one record does not know the plan, and one launched later than the others.
  ...Array.from({ length: 3 }, (_, i) =>
    recoveryInstanceRecord(10 + i, {
      region: 'us-west-2',
      sourceExecutionId: 'exec-new',
      sourcePlanName: i === 0 ? null : 'Edge',
      isDrill: false,
      launchTime: i === 2 ? '2030-01-05T12:00:00Z' : '2030-01-05T00:00:00.000Z',
    }),
  ),
  // exec-unknown: knows neither plan, drill flag nor launch time.
  recoveryInstanceRecord(20, { sourceExecutionId: 'exec-unknown', sourcePlanName: null, isDrill: null, launchTime: null }),
  // No execution: HUB/us-east-1, DRS-style upper-case states, one state unknown.
  ...Array.from({ length: 4 }, (_, i) => recoveryInstanceRecord(30 + i, { accountId: HUB_ACCOUNT, ec2InstanceState: i === 3 ? null : 'STOPPED' })),
];

type Answer = { statusCode: number; body: any };

let dynamo: TestDynamo;
let deps: ApiDeps;
let facets: (query?: Record<string, unknown>, on?: ApiDeps) => Promise<Answer>;
let list: (query: Record<string, unknown>) => Promise<Answer>;

beforeAll(async () => {
  dynamo = await startDynamo();
  deps = await testDeps(dynamo);
  facets = async (query = {}, on = deps) =>
    (await createApiHandler(on)({ operation: 'get_recovery_instance_facets', ...query }, lambdaContext())) as Answer;
  list = async (query) => (await createApiHandler(deps)({ operation: 'list_recovery_instances', ...query }, lambdaContext())) as Answer;
  await deps.recoveryInstances.putMany(seed());
});
afterAll(async () => {
  deps.awsClients.destroy();
  await dynamo.close();
});

describe('get_recovery_instance_facets', () => {
  it('answers each execution, account, region and state of the whole cache, with counts', async () => {
    const answer = await facets();
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({
      total: 14,
      executions: [
        { sourceExecutionId: 'exec-new', sourcePlanName: 'Edge', isDrill: false, count: 3, lastLaunchTime: '2030-01-05T12:00:00Z' },
        { sourceExecutionId: 'exec-old', sourcePlanName: 'Core', isDrill: true, count: 6, lastLaunchTime: '2030-01-01T00:00:00.000Z' },
        { sourceExecutionId: 'exec-unknown', sourcePlanName: null, isDrill: null, count: 1, lastLaunchTime: null },
      ],
      accounts: [
        { accountId: HUB_ACCOUNT, count: 4 },
        { accountId: TARGET_ACCOUNT, count: 10 },
      ],
      regions: [
        { region: 'us-east-1', count: 11 },
        { region: 'us-west-2', count: 3 },
      ],
      states: [
        { state: 'running', count: 8 },
        { state: 'stopped', count: 5 }, // 2 stopped and 3 STOPPED: the state filter ignores case
      ],
    });
    expect(schemaErrors(recoveryInstanceFacetsSchema, answer.body)).toEqual([]);
  });

  it('counts what list_recovery_instances answers for each value', async () => {
    const { body } = await facets();
    for (const e of body.executions) expect((await list({ executionId: e.sourceExecutionId })).body.items).toHaveLength(e.count);
    for (const s of body.states) expect((await list({ state: s.state, limit: '1000' })).body.items).toHaveLength(s.count);
    for (const a of body.accounts) expect((await list({ accountId: a.accountId, limit: '1000' })).body.items).toHaveLength(a.count);
    for (const r of body.regions) expect((await list({ region: r.region, limit: '1000' })).body.items).toHaveLength(r.count);
  });

  it('answers an empty cache with no values', async () => {
    const empty = await testDeps(dynamo);
    try {
      expect((await facets({}, empty)).body).toEqual({ total: 0, executions: [], accounts: [], regions: [], states: [] });
    } finally {
      empty.awsClients.destroy();
    }
  });

  it('follows the Scan past its first 1 MB page', async () => {
    const big = await testDeps(dynamo);
    try {
      // 400 records padded to 4 KB: 1.6 MB, more than one Scan page holds.
      await big.recoveryInstances.putMany(
        Array.from({ length: 400 }, (_, n) =>
          recoveryInstanceRecord(1000 + n, { name: 'x'.repeat(4000), region: n % 2 ? 'us-west-2' : 'us-east-1', sourceExecutionId: `exec-${n % 3}`, sourcePlanName: 'Bulk' }),
        ),
      );
      dynamo.commands.length = 0;
      const answer = await facets({}, big);
      expect(answer.statusCode).toBe(200);
      expect(dynamo.commands.filter((c) => c.command === 'ScanCommand').length).toBeGreaterThanOrEqual(2);
      expect(answer.body.total).toBe(400);
      expect(answer.body.regions).toEqual([
        { region: 'us-east-1', count: 200 },
        { region: 'us-west-2', count: 200 },
      ]);
      expect(answer.body.executions.map((e: { sourceExecutionId: string; count: number }) => [e.sourceExecutionId, e.count])).toEqual([
        ['exec-0', 134],
        ['exec-1', 133],
        ['exec-2', 133],
      ]);
    } finally {
      big.awsClients.destroy();
    }
  });

  it('scans with a projection of the counted attributes only', async () => {
    const sent: ScanCommandInput[] = [];
    const repository = new RecoveryInstanceRepository(await dynamo.createRecoveryInstanceTable(), dynamo.documentClient);
    await repository.putMany(seed());
    // The SDK's paginator wants the real client: watch what it sends instead of standing in for it.
    const send = jest.spyOn(dynamo.documentClient, 'send');
    const fields = await repository.scanFacetFields().finally(() => {
      for (const [command] of send.mock.calls) if (command instanceof ScanCommand) sent.push(command.input);
      send.mockRestore();
    });
    expect(fields).toHaveLength(14);
    expect(sent.length).toBeGreaterThan(0);
    for (const input of sent) {
      const projected = input.ProjectionExpression!.split(',').map((p) => input.ExpressionAttributeNames![p.trim()]);
      expect(projected.sort()).toEqual([...FACET_ATTRIBUTES].sort());
    }
    // The record's other attributes never reach the answer, and a missing one reads as null.
    expect(Object.keys(fields[0]!).sort()).toEqual([...FACET_ATTRIBUTES].sort());
    expect(fields.filter((f) => f.sourceExecutionId === null)).toHaveLength(4);
  });

  it('lets a ReadOnly user call it through API Gateway', async () => {
    const event = proxyEvent({ method: 'GET', path: '/drs/recovery-instances/facets', claims: claimsFor('ReadOnly') });
    const result = (await createApiHandler(deps)(event, lambdaContext())) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).total).toBe(14);
  });

  it.each([
    ['an unknown parameter in the direct form', () => facets({ owner: 'me' })],
    [
      'a query string through API Gateway',
      async () => {
        const event = proxyEvent({ method: 'GET', path: '/drs/recovery-instances/facets', query: { executionId: 'exec-old' }, claims: claimsFor('ReadOnly') });
        const result = (await createApiHandler(deps)(event, lambdaContext())) as { statusCode: number; body: string };
        return { statusCode: result.statusCode, body: JSON.parse(result.body) };
      },
    ],
  ])('refuses %s with 400', async (_case, call) => {
    const result = await call();
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([expect.objectContaining({ path: expect.stringMatching(/^\/queryStringParameters\/(owner|executionId)$/) })]);
  });
});
