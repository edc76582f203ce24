import '../../support/api/env';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { createApiHandler } from '../../../api/handler';
import { createApi } from '../../../api/framework/app';
import { defineRoute } from '../../../api/framework/route';
import type { ApiDeps } from '../../../api/deps';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';
import { claimsFor, createBody, lambdaContext, proxyEvent, testDeps, TARGET_ACCOUNT } from '../../support/api/fixtures';

let dynamo: TestDynamo;
let deps: ApiDeps;
let handler: ReturnType<typeof createApiHandler>;

beforeAll(async () => {
  dynamo = await startDynamo();
  deps = await testDeps(dynamo);
  handler = createApiHandler(deps);
  await deps.targetAccounts.create({
    ...(createBody() as { accountId: string; name: string; roleArn: string; externalId: string; regions: string[] }),
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-01T00:00:00.000Z',
    lastValidation: null,
  });
});
afterAll(async () => {
  deps.awsClients.destroy();
  await dynamo.close();
});

const proxy = async (options: Parameters<typeof proxyEvent>[0]) => {
  const result = (await handler(proxyEvent(options), lambdaContext())) as APIGatewayProxyResult;
  return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
};

describe('API Gateway REST proxy events', () => {
  it('answers with statusCode, JSON headers and a JSON string body', async () => {
    const result = (await handler(proxyEvent({ method: 'GET', path: '/health', claims: null }), lambdaContext())) as APIGatewayProxyResult;
    expect(result).toEqual({ statusCode: 200, headers: { 'Content-Type': 'application/json', Date: expect.any(String) }, body: '{"status":"ok"}' });
  });

  it('routes the event API Gateway delivers to the {proxy+} resource by its path', async () => {
    const result = await proxy({
      method: 'GET',
      path: `/accounts/targets/${TARGET_ACCOUNT}`,
      resource: '/{proxy+}',
      pathParameters: { proxy: `accounts/targets/${TARGET_ACCOUNT}` },
    });
    expect(result.statusCode).toBe(200);
    expect(result.json.accountId).toBe(TARGET_ACCOUNT);
  });

  it('routes by the path alone: a resource or path parameters that name another route change nothing', async () => {
    const result = await proxy({
      method: 'GET',
      path: `/accounts/targets/${TARGET_ACCOUNT}`,
      resource: '/accounts/targets/{id}',
      pathParameters: { id: '999999999999' },
    });
    expect(result.json.accountId).toBe(TARGET_ACCOUNT);
  });

  it('answers an unknown route with 404 and a wrong method with 405 and Allow', async () => {
    expect(await proxy({ method: 'GET', path: '/nowhere' })).toMatchObject({ statusCode: 404, json: { message: expect.stringMatching(/No such operation/) } });
    const wrong = await proxy({ method: 'PATCH', path: '/accounts/targets' });
    expect(wrong).toMatchObject({ statusCode: 405, headers: { Allow: 'GET, POST' } });
  });

  it('answers malformed JSON with 400', async () => {
    const result = await proxy({ method: 'POST', path: '/accounts/targets', rawBody: '{"accountId": ' });
    expect(result.statusCode).toBe(400);
    expect(result.json).toMatchObject({ message: 'The request body is not valid JSON', errors: [{ path: '/body' }] });
  });

  it('answers a body that fails its schema with 400 listing every error', async () => {
    const result = await proxy({ method: 'POST', path: '/accounts/targets', body: { accountId: 'abc', regions: [] } });
    expect(result.statusCode).toBe(400);
    const paths = (result.json.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/accountId', '/body/name', '/body/roleArn', '/body/regions']));
  });

  it('answers an invalid path parameter with 400', async () => {
    const result = await proxy({ method: 'GET', path: '/accounts/targets/not-an-account' });
    expect(result).toMatchObject({ statusCode: 400, json: { errors: [{ path: '/pathParameters/id' }] } });
  });

  it('decodes a base64 body', async () => {
    const event = proxyEvent({ method: 'POST', path: '/accounts/targets', claims: claimsFor('Admin') });
    const result = (await handler(
      { ...event, isBase64Encoded: true, body: Buffer.from(JSON.stringify(createBody('333333333333'))).toString('base64') },
      lambdaContext(),
    )) as APIGatewayProxyResult;
    expect(result.statusCode).toBe(201);
  });

  it('answers 401 without claims and 403 below the least role', async () => {
    expect((await proxy({ method: 'GET', path: '/accounts/targets', claims: null })).statusCode).toBe(401);
    expect((await proxy({ method: 'GET', path: '/accounts/targets', claims: claimsFor(null) })).statusCode).toBe(403);
    const forbidden = await proxy({ method: 'DELETE', path: `/accounts/targets/${TARGET_ACCOUNT}`, claims: claimsFor('RecoveryManager') });
    expect(forbidden).toMatchObject({ statusCode: 403, json: { message: expect.stringMatching(/needs the Admin role/) } });
  });

  it('checks the role before the body, so a low role learns nothing about the schema', async () => {
    const result = await proxy({ method: 'POST', path: '/accounts/targets', rawBody: 'not json', claims: claimsFor('ReadOnly') });
    expect(result.statusCode).toBe(403);
  });
});

describe('direct invocations', () => {
  it('runs an operation by name and answers { statusCode, body } with an object body', async () => {
    const result = await handler({ operation: 'get_target_account', id: TARGET_ACCOUNT }, lambdaContext());
    expect(result).toEqual({ statusCode: 200, body: expect.objectContaining({ accountId: TARGET_ACCOUNT }) });
  });

  it('acts as the Admin-equivalent system principal by default', async () => {
    const result = await handler({ operation: 'create_target_account', body: createBody('444444444444') }, lambdaContext());
    expect(result).toMatchObject({ statusCode: 201, body: { accountId: '444444444444' } });
  });

  it('acts as an explicit principal when one is named', async () => {
    const asReader = { username: 'automation', role: 'ReadOnly' };
    expect(await handler({ operation: 'list_target_accounts', principal: asReader }, lambdaContext())).toMatchObject({ statusCode: 200 });
    expect(await handler({ operation: 'delete_target_account', id: TARGET_ACCOUNT, principal: asReader }, lambdaContext())).toMatchObject({
      statusCode: 403,
    });
    expect(await handler({ operation: 'list_target_accounts', principal: { role: 'God' } }, lambdaContext())).toMatchObject({
      statusCode: 400,
      body: { errors: [{ path: '/principal' }] },
    });
  });

  it('answers an unknown operation with 404 and an unknown parameter with 400', async () => {
    expect(await handler({ operation: 'drop_tables' }, lambdaContext())).toMatchObject({ statusCode: 404 });
    expect(await handler({ operation: 'get_target_account', id: TARGET_ACCOUNT, accountId: 'x' }, lambdaContext())).toMatchObject({
      statusCode: 400,
      body: { errors: [{ path: '/accountId' }] },
    });
  });

  it('treats a __proto__ key as an unknown parameter, not as a prototype', async () => {
    const event = JSON.parse('{"operation":"list_target_accounts","__proto__":{"admin":true}}') as Record<string, unknown>;
    expect(await handler(event, lambdaContext())).toMatchObject({ statusCode: 400, body: { errors: [{ path: '/__proto__' }] } });
  });

  it('answers 204 operations with a null body', async () => {
    await handler({ operation: 'create_target_account', body: createBody('555555555555') }, lambdaContext());
    expect(await handler({ operation: 'delete_target_account', id: '555555555555' }, lambdaContext())).toEqual({ statusCode: 204, body: null });
  });

  it('answers an event of no known form with 400', async () => {
    expect(await handler({ hello: 'world' }, lambdaContext())).toMatchObject({ statusCode: 400 });
  });
});

describe('EventBridge scheduled events', () => {
  const scheduled = (detail: Record<string, unknown>) => ({
    version: '0',
    id: 'evt-1',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '111111111111',
    time: '2030-01-02T03:04:05Z',
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:111111111111:rule/refresh'],
    detail,
  });

  it('runs detail.operation as the system principal', async () => {
    const result = await handler(scheduled({ operation: 'list_target_accounts' }), lambdaContext());
    expect(result).toMatchObject({ statusCode: 200, body: { items: expect.any(Array) } });
  });

  it('throws when the operation fails, so Lambda counts and retries it', async () => {
    await expect(handler(scheduled({ operation: 'get_target_account', id: '999999999999' }), lambdaContext())).rejects.toThrow(
      /Scheduled operation get_target_account \(rule arn:aws:events:us-east-1:111111111111:rule\/refresh\) answered 404/,
    );
    await expect(handler(scheduled({}), lambdaContext())).rejects.toThrow(/answered 400/);
  });
});

describe('unexpected failures', () => {
  const failing = [
    defineRoute({
      operationId: 'explode',
      method: 'GET',
      path: '/explode',
      tag: 'Test',
      summary: 'throws',
      access: 'ReadOnly',
      effect: 'read',
      response: { status: 200, description: 'never' },
      handle: async () => {
        throw new Error('database password is hunter2');
      },
    }),
    defineRoute({
      operationId: 'leak',
      method: 'GET',
      path: '/leak',
      tag: 'Test',
      summary: 'answers a field its schema does not list',
      access: 'ReadOnly',
      effect: 'read',
      response: { status: 200, description: 'x', schema: { type: 'object', additionalProperties: false, properties: { ok: { type: 'boolean' } } } },
      handle: async () => ({ ok: true, externalId: 'secret' }),
    }),
  ];
  const api = createApi(failing, {} as ApiDeps);

  it('answers 500 with a generic message and the request id', async () => {
    const result = (await api.handle(proxyEvent({ method: 'GET', path: '/explode' }), lambdaContext())) as APIGatewayProxyResult;
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({ message: 'Internal server error', requestId: 'req-test-1' });
  });

  it('fails closed when a route answers outside its response schema', async () => {
    const result = (await api.handle(proxyEvent({ method: 'GET', path: '/leak' }), lambdaContext())) as APIGatewayProxyResult;
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret');
  });

  it('uses the Lambda request id for direct invocations', async () => {
    expect(await api.handle({ operation: 'explode' }, lambdaContext('lambda-77'))).toEqual({
      statusCode: 500,
      body: { message: 'Internal server error', requestId: 'lambda-77' },
    });
  });
});
