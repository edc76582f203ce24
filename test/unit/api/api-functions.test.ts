import '../../support/api/env';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createApiHandler } from '../../../api/handler';
import { gatewayTargetOf, ownResourceRouter, proxyFunctionOf, routesWithOwnResource, type ApiFunctionKind } from '../../../api/framework/api-functions';
import type { ApiDeps } from '../../../api/deps';
import { routes } from '../../../api/routes';
import { startApiServer, type ApiServer } from '../../../local/http/server';
import { lambdaContext, proxyEvent } from '../../support/api/fixtures';

/** Reads and writes apart: which function serves what, and how each refuses the other's routes. */

describe('the route table split', () => {
  it('sends every route to the function of its effect, through {proxy+} or a resource of its own', () => {
    const own = ownResourceRouter(routes);
    for (const route of routes) {
      const concrete = route.path.replace(/\{[^}]+\}/g, 'x1');
      expect({ operationId: route.operationId, function: gatewayTargetOf(own, route.method, concrete)?.function }).toEqual({
        operationId: route.operationId,
        function: route.effect,
      });
    }
  });

  it('gives a resource of its own only to the routes {proxy+} cannot serve: the POSTs that read, and health', () => {
    expect(routesWithOwnResource(routes).map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      expect.arrayContaining(['GET /health', 'POST /recovery-plans/{id}/check-existing-instances']),
    );
    for (const route of routesWithOwnResource(routes)) expect(proxyFunctionOf(route.method) !== route.effect || route.access === 'Public').toBe(true);
  });

  it('sends a method the own resource does not declare on to {proxy+}', () => {
    const own = ownResourceRouter(routes);
    expect(gatewayTargetOf(own, 'GET', '/recovery-plans/p1/check-existing-instances')).toEqual({ resource: '/{proxy+}', function: 'read' });
    expect(gatewayTargetOf(own, 'POST', '/recovery-plans/p1/check-existing-instances')).toMatchObject({
      resource: '/recovery-plans/{id}/check-existing-instances',
      function: 'read',
      pathParameters: { id: 'p1' },
    });
    expect(gatewayTargetOf(own, 'DELETE', '/health')).toEqual({ resource: '/{proxy+}', function: 'write' });
    expect(gatewayTargetOf(own, 'HEAD', '/accounts/targets')).toBeUndefined();
    expect(gatewayTargetOf(own, 'GET', '/')).toBeUndefined();
  });
});

describe('each API function refuses the routes of the other kind', () => {
  // No route may run: any dependency touched would throw.
  const deps = new Proxy({}, { get: (_t, name) => { throw new Error(`touched ${String(name)}`); } }) as ApiDeps;
  const read = createApiHandler(deps, { serves: 'read' });
  const write = createApiHandler(deps, { serves: 'write' });

  it('the read function answers a write operation 404, naming the function that serves it, and runs nothing', async () => {
    const answer = (await read({ operation: 'start_tag_sync' }, lambdaContext())) as { statusCode: number; body: { message: string } };
    expect(answer).toEqual({ statusCode: 404, body: { message: expect.stringContaining("start_tag_sync is a write operation, served by the API's write function; this is the read function") } });
  });

  it('the write function answers a read operation 404, also through API Gateway', async () => {
    const event = proxyEvent({ method: 'GET', path: '/accounts/targets' });
    const answer = (await write(event, lambdaContext())) as { statusCode: number; body: string };
    expect(answer.statusCode).toBe(404);
    expect(JSON.parse(answer.body).message).toContain('list_target_accounts is a read operation');
  });
});

describe('the local API server mirrors which function a request reaches', () => {
  let server: ApiServer;
  const reached: Array<[ApiFunctionKind, string, string, string]> = [];
  const handler = (kind: ApiFunctionKind) => async (event: APIGatewayProxyEvent) => {
    reached.push([kind, event.httpMethod, event.path, event.resource]);
    return { statusCode: 200, body: JSON.stringify({ pathParameters: event.pathParameters }) };
  };
  beforeAll(async () => {
    server = await startApiServer({
      port: 0,
      handler: { read: handler('read'), write: handler('write') },
      auth: { verify: async (token) => (token === 'ok' ? { 'cognito:username': 'alice', 'cognito:groups': 'Admin' } : null) },
    });
  });
  afterAll(() => server.close());

  const call = (method: string, path: string) => fetch(`${server.url}/api${path}`, { method, headers: { Authorization: 'Bearer ok' } });

  it('GET goes to the read function, other methods to the write function, a POST that reads to the read function', async () => {
    reached.length = 0;
    await call('GET', '/accounts/targets');
    await call('POST', '/accounts/targets');
    await call('PUT', '/config/tag-sync');
    await call('DELETE', '/accounts/targets/111111111111');
    const own = await call('POST', '/recovery-plans/plan%201/check-existing-instances');
    expect(await own.json()).toEqual({ pathParameters: { id: 'plan 1' } });
    await call('GET', '/health');
    expect(reached).toEqual([
      ['read', 'GET', '/accounts/targets', '/{proxy+}'],
      ['write', 'POST', '/accounts/targets', '/{proxy+}'],
      ['write', 'PUT', '/config/tag-sync', '/{proxy+}'],
      ['write', 'DELETE', '/accounts/targets/111111111111', '/{proxy+}'],
      ['read', 'POST', '/recovery-plans/plan%201/check-existing-instances', '/recovery-plans/{id}/check-existing-instances'],
      ['read', 'GET', '/health', '/health'],
    ]);
  });
});
