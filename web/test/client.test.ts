import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, remedyFor } from '../src/api/client';
import { fakeFetch } from './helpers';

describe('remedyFor', () => {
  it('401: the session expired', () => {
    expect(remedyFor(new ApiError(401, 'Unauthorized')).message).toBe('Your session expired — sign in again.');
  });
  it('403: names the role and the action, and who to ask', () => {
    const remedy = remedyFor(new ApiError(403, 'Forbidden'), { role: 'Operator', action: 'terminate recovery instances' });
    expect(remedy.kind).toBe('forbidden');
    expect(remedy.message).toBe('Your role Operator cannot terminate recovery instances; ask an Admin.');
  });
  it('network error: where the API is and whether npm start runs', () => {
    const remedy = remedyFor(new ApiError(0, 'Cannot reach'), { apiBase: 'http://127.0.0.1:3000/api', local: true });
    expect(remedy.message).toBe('Cannot reach the API at http://127.0.0.1:3000/api; is `npm start` running?');
    expect(remedyFor(new ApiError(0, 'x'), { apiBase: 'https://api.example', local: false }).message).not.toContain('npm start');
  });
  it('5xx: the message and the request id, never a stack', () => {
    const remedy = remedyFor(new ApiError(502, 'AccessDenied assuming role X: fix the trust policy', { requestId: 'req-1' }));
    expect(remedy.kind).toBe('server');
    expect(remedy.message).toBe('AccessDenied assuming role X: fix the trust policy (request id req-1)');
  });
  it('400: lists the fields', () => {
    const remedy = remedyFor(new ApiError(400, 'Invalid request', { errors: [{ path: '/body/regions', message: 'must NOT have fewer than 1 items' }] }));
    expect(remedy.message).toBe('Invalid request · /body/regions: must NOT have fewer than 1 items');
  });
  it('503: says when to retry', () => {
    expect(remedyFor(new ApiError(503, 'Throttled.', { retryAfter: '5' })).message).toContain('Retry in 5 s.');
  });
  it('anything else: its message only', () => {
    const error = new TypeError('boom');
    error.stack = 'TypeError: boom\n    at secret.ts:1';
    expect(remedyFor(error).message).toBe('boom');
  });
});

describe('ApiClient', () => {
  it('sends the bearer token and query, and parses JSON', async () => {
    const fake = fakeFetch({ 'GET /api/drs/recovery-instances': { items: [], nextToken: null } });
    const client = new ApiClient({ baseUrl: '/api/', getToken: () => 'tok', fetch: fake.fetch });
    await client.listRecoveryInstances({ accountId: '111111111111', region: '', nextToken: null, limit: 100 });
    expect(fake.calls).toEqual([{ method: 'GET', url: '/api/drs/recovery-instances?accountId=111111111111&limit=100', body: undefined }]);
  });
  it('turns an error answer into an ApiError with message and request id', async () => {
    const fake = fakeFetch({
      'POST /api/drs/recovery-instance-sync': () => new Response(JSON.stringify({ message: 'Internal server error', requestId: 'abc' }), { status: 500 }),
    });
    const client = new ApiClient({ baseUrl: '/api', getToken: () => 'tok', fetch: fake.fetch });
    await expect(client.startSync()).rejects.toMatchObject({ status: 500, message: 'Internal server error', details: { requestId: 'abc' } });
  });
  it('calls onUnauthorized on 401', async () => {
    const onUnauthorized = vi.fn();
    const fake = fakeFetch({ 'GET /api/recovery-plans': () => new Response('{"message":"Unauthorized"}', { status: 401 }) });
    const client = new ApiClient({ baseUrl: '/api', getToken: () => 'bad', fetch: fake.fetch, onUnauthorized });
    await expect(client.listRecoveryPlans()).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });
  it('a failed fetch is a network error (status 0)', async () => {
    const client = new ApiClient({ baseUrl: '/api', getToken: () => null, fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch });
    await expect(client.listRecoveryPlans()).rejects.toMatchObject({ status: 0 });
  });
  it('PUT of a target account leaves accountId out of the body', async () => {
    const fake = fakeFetch({ 'PUT /api/accounts/targets/111111111111': {} });
    const client = new ApiClient({ baseUrl: '/api', getToken: () => 't', fetch: fake.fetch });
    await client.updateTargetAccount('111111111111', { accountId: '111111111111', name: 'Hub', roleArn: null, regions: ['us-east-1'] });
    expect(JSON.parse(fake.calls[0]!.body!)).toEqual({ name: 'Hub', roleArn: null, regions: ['us-east-1'] });
  });
});
