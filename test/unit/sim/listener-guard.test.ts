import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowedHostNames, checkRequest, guardListener, isAllowedHost } from '../../../local/listener-guard';
import { fixtureEngine } from '../local-engine/helpers';
import { rawRequest } from '../../integration/sim/helpers';

// dynalite ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

describe('isAllowedHost', () => {
  const rule = { boundHost: '127.0.0.1', port: 8000 };

  it('allows the loopback names and the bound host, with the bound port only', () => {
    expect([...allowedHostNames(rule)].sort()).toEqual(['127.0.0.1', '[::1]', 'localhost']);
    for (const host of ['localhost:8000', 'LOCALHOST:8000', '127.0.0.1:8000', '[::1]:8000']) expect(isAllowedHost(host, rule)).toBe(true);
    expect(isAllowedHost('[::1]:8000', { boundHost: '::1', port: 8000 })).toBe(true);
    expect(isAllowedHost('localhost:8001', rule)).toBe(false);
    expect(isAllowedHost('localhost', rule)).toBe(false);
    expect(isAllowedHost('localhost', { ...rule, port: 80 })).toBe(true);
    expect(isAllowedHost(undefined, rule)).toBe(false);
  });

  it('refuses other names, however they are dressed up', () => {
    for (const host of ['rebind.example:8000', '127.0.0.1.rebind.example:8000', 'localhost:8000@rebind.example', 'localhost:8000/x', 'localhost :8000', '']) {
      expect(isAllowedHost(host, rule)).toBe(false);
    }
  });

  it('keeps a wildcard bind to the names it was given: the wildcard as written, loopback names and extra hosts', () => {
    const wildcard = { boundHost: '0.0.0.0', port: 8000 };
    expect(isAllowedHost('0.0.0.0:8000', wildcard)).toBe(true);
    expect(isAllowedHost('192.168.1.5:8000', wildcard)).toBe(false);
    expect(isAllowedHost('192.168.1.5:8000', { ...wildcard, extraHosts: ['192.168.1.5'] })).toBe(true);
    expect(isAllowedHost('Dev-Box.lan:8000', { ...wildcard, extraHosts: ['dev-box.LAN'] })).toBe(true);
  });

  it('waives the port only when the rule says anyPort (the API behind a dev-server proxy), never the name', () => {
    expect(isAllowedHost('localhost:5173', { ...rule, anyPort: true })).toBe(true);
    expect(isAllowedHost('localhost', { ...rule, anyPort: true })).toBe(true);
    expect(isAllowedHost('rebind.example:5173', { ...rule, anyPort: true })).toBe(false);
  });
});

describe('checkRequest', () => {
  it('applies the Host rule with the bound port', () => {
    expect(checkRequest({ host: 'localhost:8000' }, '127.0.0.1', 8000)).toEqual({ ok: true });
    expect(checkRequest({ host: 'localhost:8001' }, '127.0.0.1', 8000)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest({ host: 'rebind.example:8000' }, '127.0.0.1', 8000)).toMatchObject({ ok: false, status: 403, message: expect.stringContaining('localhost:8000') });
    expect(checkRequest({}, '127.0.0.1', 8000)).toMatchObject({ ok: false });
  });

  it('allows no Origin or the listener’s own, and refuses other origins and cross-site fetches', () => {
    const at = (headers: Record<string, string>) => checkRequest({ host: '127.0.0.1:8000', ...headers }, '127.0.0.1', 8000);
    expect(at({ origin: 'http://localhost:8000', 'sec-fetch-site': 'same-origin' })).toEqual({ ok: true });
    expect(at({ 'sec-fetch-site': 'none' })).toEqual({ ok: true });
    expect(at({ origin: 'http://localhost:3000' })).toMatchObject({ ok: false, status: 403 });
    expect(at({ origin: 'http://rebind.example:8000' })).toMatchObject({ ok: false, status: 403 });
    expect(at({ origin: 'https://localhost:8000' })).toMatchObject({ ok: false });
    expect(at({ origin: 'null' })).toMatchObject({ ok: false });
    expect(at({ 'sec-fetch-site': 'same-site' })).toMatchObject({ ok: false });
  });
});

describe('guarded dynalite', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = guardListener(dynalite({ createTableMs: 0 }), '127.0.0.1');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const listTables = (headers: Record<string, string>) =>
    rawRequest(url, {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables', ...headers },
    });

  it('answers only its own Host, and never with Access-Control-Allow-Origin: *', async () => {
    const port = new URL(url).port;
    expect((await listTables({ host: `rebind.example:${port}` })).status).toBe(403);
    const foreign = await listTables({ host: `127.0.0.1:${port}`, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await rawRequest(url, { method: 'OPTIONS', path: '/', headers: { host: `127.0.0.1:${port}`, origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect([preflight.status, preflight.headers['access-control-allow-origin']]).toEqual([403, undefined]);
    // Signed like an SDK call, dynalite itself answers (it then wants a signature: 400, not our 403).
    const own = await listTables({ host: `localhost:${port}`, origin: `http://localhost:${port}` });
    expect(own.status).not.toBe(403);
    expect(own.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('guarded Step Functions API', () => {
  it('refuses a foreign Host or Origin before any operation runs', async () => {
    const local = fixtureEngine();
    const api = await local.serve(0);
    try {
      const call = (headers: Record<string, string>) =>
        rawRequest(api.url, { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines', ...headers } });
      expect((await call({ host: `rebind.example:${api.port}` })).status).toBe(403);
      expect((await call({ host: `127.0.0.1:${api.port}`, origin: 'http://localhost:3000' })).status).toBe(403);
      expect((await call({ host: `127.0.0.1:${api.port}` })).status).toBe(200);
    } finally {
      await local.close();
    }
  });
});
