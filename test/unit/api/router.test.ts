import '../../support/api/env';
import { InputValidationError } from '../../../lib/errors';
import { defineRoute, type Route } from '../../../api/framework/route';
import { Router } from '../../../api/framework/router';
import { routes } from '../../../api/routes';

const idPath = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

function route(operationId: string, method: Route['method'], path: string): Route {
  return defineRoute({
    operationId,
    method,
    path,
    tag: 'Test',
    summary: operationId,
    access: 'ReadOnly',
    effect: 'read',
    ...(path.includes('{') ? { pathSchema: idPath } : {}),
    response: { status: 200, description: 'ok' },
    handle: async () => undefined,
  });
}

describe('Router', () => {
  const router = new Router([
    route('list_things', 'GET', '/things'),
    route('create_thing', 'POST', '/things'),
    route('get_thing', 'GET', '/things/{id}'),
    route('get_active_things', 'GET', '/things/active'),
    route('validate_thing', 'POST', '/things/{id}/validate'),
  ]);

  it('matches a literal path', () => {
    expect(router.match('GET', '/things')).toMatchObject({ kind: 'matched', route: { operationId: 'list_things' }, pathParams: {} });
  });

  it('picks the route by method on the same path', () => {
    expect(router.match('post', '/things')).toMatchObject({ kind: 'matched', route: { operationId: 'create_thing' } });
  });

  it('extracts and decodes path parameters', () => {
    expect(router.match('GET', '/things/a%20b')).toMatchObject({ route: { operationId: 'get_thing' }, pathParams: { id: 'a b' } });
    expect(router.match('POST', '/things/42/validate')).toMatchObject({ route: { operationId: 'validate_thing' }, pathParams: { id: '42' } });
  });

  it('prefers a literal segment over a parameter', () => {
    expect(router.match('GET', '/things/active')).toMatchObject({ route: { operationId: 'get_active_things' } });
  });

  it('tolerates a trailing slash', () => {
    expect(router.match('GET', '/things/')).toMatchObject({ route: { operationId: 'list_things' } });
  });

  it('answers method-not-allowed with the allowed methods', () => {
    expect(router.match('DELETE', '/things')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'POST'] });
  });

  it('answers not-found for an unknown path', () => {
    expect(router.match('GET', '/nothing')).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/things/1/2/3')).toEqual({ kind: 'not-found' });
  });

  it('rejects malformed percent-encoding as invalid input', () => {
    expect(() => router.match('GET', '/things/%E0%A4%A')).toThrow(InputValidationError);
  });

  it('finds routes by operation name', () => {
    expect(router.operation('validate_thing')?.path).toBe('/things/{id}/validate');
    expect(router.operation('nope')).toBeUndefined();
  });

  it('refuses an inconsistent route table', () => {
    expect(() => new Router([route('a', 'GET', '/x'), route('a', 'POST', '/y')])).toThrow(/Duplicate operationId/);
    expect(() => new Router([route('a', 'GET', '/x'), route('b', 'GET', '/x')])).toThrow(/Duplicate route/);
    expect(() => new Router([route('NotSnake', 'GET', '/x')])).toThrow(/snake_case/);
    expect(() => new Router([route('a', 'GET', '/x/')])).toThrow(/trailing/);
    expect(() => new Router([{ ...route('a', 'GET', '/x/{id}'), pathSchema: undefined }])).toThrow(/pathSchema/);
    expect(() => new Router([{ ...route('a', 'POST', '/x'), effect: 'maybe' as Route['effect'] }])).toThrow(/effect must be one of read, write/);
    expect(() => new Router([{ ...route('a', 'GET', '/x'), effect: 'write' }])).toThrow(/a GET route must be a read/);
    expect(() => new Router([{ ...route('a', 'POST', '/x'), effect: 'write' }])).not.toThrow();
  });
});

describe('the route table', () => {
  it('builds a router and names every operation in snake_case', () => {
    expect(() => new Router(routes)).not.toThrow();
    expect(routes.map((r) => r.operationId)).toEqual(
      expect.arrayContaining([
        'health',
        'list_target_accounts',
        'get_target_account',
        'create_target_account',
        'update_target_account',
        'delete_target_account',
        'validate_target_account',
      ]),
    );
  });
});
