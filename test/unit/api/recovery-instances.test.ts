import '../../support/api/env';
import type { ApiDeps } from '../../../api/deps';
import { createApiHandler } from '../../../api/handler';
import { recoveryInstanceSchema } from '../../../contracts/api/recovery-instances';
import { schemaErrors } from '../../../lib/validation';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';
import { claimsFor, HUB_ACCOUNT, lambdaContext, proxyEvent, recoveryInstanceRecord, sourceServerId, TARGET_ACCOUNT, testDeps } from '../../support/api/fixtures';

let dynamo: TestDynamo;
let deps: ApiDeps;
let list: (query?: Record<string, unknown>) => Promise<{ statusCode: number; body: any }>;

beforeAll(async () => {
  dynamo = await startDynamo();
  deps = await testDeps(dynamo);
  const handler = createApiHandler(deps);
  list = async (query = {}) => (await handler({ operation: 'list_recovery_instances', ...query }, lambdaContext())) as { statusCode: number; body: any };
  // 30 in TARGET/us-east-1 (10 of them stopped, 12 launched by exec-1), 5 in TARGET/us-west-2, 5 in HUB/us-east-1 (DRS-style upper-case state).
  await deps.recoveryInstances.putMany([
    ...Array.from({ length: 30 }, (_, n) =>
      recoveryInstanceRecord(n, { ec2InstanceState: n < 10 ? 'stopped' : 'running', sourceExecutionId: n >= 18 ? 'exec-1' : null }),
    ),
    ...Array.from({ length: 5 }, (_, i) => recoveryInstanceRecord(100 + i, { region: 'us-west-2', sourceExecutionId: 'exec-1' })),
    ...Array.from({ length: 5 }, (_, i) => recoveryInstanceRecord(200 + i, { accountId: HUB_ACCOUNT, ec2InstanceState: 'STOPPED' })),
  ]);
});
afterAll(async () => {
  deps.awsClients.destroy();
  await dynamo.close();
});

const ids = (body: { items: { sourceServerId: string }[] }) => body.items.map((i) => i.sourceServerId);
const numbers = (...ns: number[][]) => ns.flat().map(sourceServerId);
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

/** Follows nextToken to the end; returns every item and the number of pages. */
async function all(query: Record<string, unknown>): Promise<{ items: string[]; pages: number }> {
  const items: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await list({ ...query, ...(token ? { nextToken: token } : {}) });
    expect(page.statusCode).toBe(200);
    items.push(...ids(page.body));
    token = page.body.nextToken ?? undefined;
    pages++;
  } while (token && pages < 100);
  return { items, pages };
}

describe('list_recovery_instances', () => {
  it('scans the whole cache in pages of limit, ending with a null nextToken', async () => {
    const { items, pages } = await all({ limit: '7' });
    expect(items.sort()).toEqual(numbers(range(0, 30), range(100, 5), range(200, 5)).sort());
    expect(pages).toBe(6); // 40 records: 5 full pages and a last one with nextToken null
  });

  it('answers records without the index key, valid against the RecoveryInstance schema', async () => {
    const page = await list();
    expect(page.body.items).toHaveLength(40); // default limit 100
    expect(page.body.nextToken).toBeNull();
    for (const item of page.body.items) {
      expect(item).not.toHaveProperty('accountRegion');
      expect(schemaErrors(recoveryInstanceSchema, item)).toEqual([]);
    }
  });

  it('filters by execution through the index, with the other filters applied', async () => {
    const page = await list({ executionId: 'exec-1' });
    expect(page.body).toMatchObject({ nextToken: null });
    expect(ids(page.body)).toEqual(numbers(range(18, 12), range(100, 5))); // ordered by account, region, server
    expect(ids((await list({ executionId: 'exec-1', region: 'us-west-2' })).body)).toEqual(numbers(range(100, 5)));
    expect(ids((await list({ executionId: 'exec-unknown' })).body)).toEqual([]);
  });

  it('filters by account and region through the index, and by state case-insensitively', async () => {
    expect(ids((await list({ accountId: TARGET_ACCOUNT, region: 'us-west-2' })).body)).toEqual(numbers(range(100, 5)));
    expect(ids((await list({ accountId: TARGET_ACCOUNT, region: 'us-east-1', state: 'STOPPED' })).body)).toEqual(numbers(range(0, 10)));
    const stopped = await all({ state: 'stopped', limit: '1000' });
    expect(stopped.items.sort()).toEqual(numbers(range(0, 10), range(200, 5)).sort());
  });

  it('filters a scan by account alone, or by region alone', async () => {
    expect((await all({ accountId: HUB_ACCOUNT, limit: '9' })).items.sort()).toEqual(numbers(range(200, 5)));
    expect((await all({ region: 'us-west-2', limit: '9' })).items.sort()).toEqual(numbers(range(100, 5)));
  });

  it.each([
    ['a token that is not base64url JSON', { nextToken: 'bm90LWpzb24' }],
    ['a token with a foreign key', { nextToken: Buffer.from(JSON.stringify({ planId: 'x' })).toString('base64url') }],
    ['a token on an indexed listing', { executionId: 'exec-1', nextToken: Buffer.from(JSON.stringify({ sourceServerId: 's-1' })).toString('base64url') }],
  ])('refuses %s with 400', async (_case, query) => {
    const result = await list(query);
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual([{ path: '/queryStringParameters/nextToken', message: expect.any(String) }]);
  });

  it.each([
    ['limit 0', { limit: '0' }, '/queryStringParameters/limit'],
    ['limit 1001', { limit: '1001' }, '/queryStringParameters/limit'],
    ['a malformed account', { accountId: '12' }, '/queryStringParameters/accountId'],
    ['an unknown filter', { owner: 'me' }, '/queryStringParameters/owner'],
  ])('refuses %s with 400', async (_case, query, path) => {
    const result = await list(query);
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('sorts the whole filtered listing, not a page: pages follow one another in order', async () => {
    const { items, pages } = await all({ sortBy: 'sourceServerName', sortOrder: 'desc', limit: '7' });
    const names = [...range(0, 30), ...range(100, 5), ...range(200, 5)].map((n) => ({ id: sourceServerId(n), name: `server-${n}.example.internal` }));
    const expected = names.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0)).map((x) => x.id);
    expect(items).toEqual(expected);
    expect(pages).toBe(6);
    // A filter applies before the sort; limit counts the items of a sorted page.
    const firstPage = await list({ state: 'stopped', sortBy: 'accountId', limit: '4' });
    expect(firstPage.body.items).toHaveLength(4);
    expect(firstPage.body.items.map((i: { accountId: string }) => i.accountId)).toEqual(Array(4).fill([HUB_ACCOUNT, TARGET_ACCOUNT].sort()[0]));
  });

  it('sorts missing values last in either order', async () => {
    const withExecution = numbers(range(18, 12), range(100, 5)).length;
    for (const sortOrder of ['asc', 'desc']) {
      const { items } = await all({ sortBy: 'sourceExecutionId', sortOrder, limit: '1000' });
      expect(items.slice(0, withExecution).sort()).toEqual(numbers(range(18, 12), range(100, 5)).sort());
      expect(items).toHaveLength(40);
    }
  });

  it('sorts an indexed listing, which answers whole', async () => {
    const page = await list({ executionId: 'exec-1', sortBy: 'region', sortOrder: 'desc' });
    expect(ids(page.body)).toEqual(numbers(range(100, 5), range(18, 12)));
    expect(page.body.nextToken).toBeNull();
  });

  it.each([
    ['sortOrder without sortBy', { sortOrder: 'desc' }, '/queryStringParameters/sortOrder'],
    ['an unknown sort field', { sortBy: 'privateIp' }, '/queryStringParameters/sortBy'],
    ['a sorted token under another order', { sortBy: 'region', sortOrder: 'asc', nextToken: Buffer.from(JSON.stringify({ offset: 7, sortBy: 'region', sortOrder: 'desc' })).toString('base64url') }, '/queryStringParameters/nextToken'],
    ['an unsorted token on a sorted listing', { sortBy: 'region', nextToken: Buffer.from(JSON.stringify({ sourceServerId: 's-1' })).toString('base64url') }, '/queryStringParameters/nextToken'],
  ])('refuses %s with 400', async (_case, query, path) => {
    const result = await list(query);
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it('takes its filters from the query string on the API Gateway path', async () => {
    const handler = createApiHandler(deps);
    const event = proxyEvent({ method: 'GET', path: '/drs/recovery-instances', query: { executionId: 'exec-1', region: 'us-west-2' }, claims: claimsFor('ReadOnly') });
    const result = (await handler(event, lambdaContext())) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(ids(JSON.parse(result.body))).toEqual(numbers(range(100, 5)));
  });
});
