import '../../support/api/env';
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ensureLocalUsers, LocalTokenVerifier, ADMIN_TOKEN_ENV } from '../../../api/auth/local-tokens';
import { ROLES } from '../../../api/auth/roles';
import { startStaticServer } from '../../../local/http/static-server';
import { startLocalApi, tokenOf, type LocalApi } from '../../support/api/local-api';
import { createBody } from '../../support/api/fixtures';

let api: LocalApi;
let staticDir: string;

beforeAll(async () => {
  staticDir = await mkdtemp(path.join(tmpdir(), 'drs-orch-web-'));
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  await mkdir(path.join(staticDir, 'assets'));
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  api = await startLocalApi({ staticDir, adminToken: 'ci-admin-token-0123456789' });
});
afterAll(async () => {
  await api.close();
  await rm(staticDir, { recursive: true, force: true });
});

/** The status a GET to 127.0.0.1:port answers when the request carries `host` as its Host header. */
async function statusFor(port: number, path: string, host: string): Promise<number> {
  const { request } = await import('node:http');
  return new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('local API server', () => {
  it('answers /api/health without a token', async () => {
    const response = await api.request('GET', '/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 401 without a token or with a bad one', async () => {
    expect((await api.request('GET', '/api/accounts/targets')).status).toBe(401);
    expect((await api.request('GET', '/api/accounts/targets', { token: 'garbage' })).status).toBe(401);
    const forged = `${tokenOf(api.users, 'ReadOnly').slice(0, -4)}AAAA`;
    expect((await api.request('GET', '/api/accounts/targets', { token: forged })).status).toBe(401);
  });

  it('answers 403 when the token role is below the least role, and 2xx when it is enough', async () => {
    const body = JSON.stringify(createBody('666666666666'));
    const denied = await api.request('POST', '/api/accounts/targets', { token: tokenOf(api.users, 'RecoveryManager'), body });
    expect(denied.status).toBe(403);
    const created = await api.request('POST', '/api/accounts/targets', { token: tokenOf(api.users, 'Admin'), body });
    expect(created.status).toBe(201);
    const read = await api.request('GET', '/api/accounts/targets/666666666666', { token: tokenOf(api.users, 'ReadOnly') });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ accountId: '666666666666', externalIdMasked: '****abcd' });
  });

  it('accepts DRS_ORCH_ADMIN_TOKEN as the admin token', async () => {
    const token = 'ci-admin-token-0123456789';
    expect((await api.request('POST', '/api/accounts/targets', { token, body: JSON.stringify(createBody('777777777777')) })).status).toBe(201);
    expect((await api.request('DELETE', '/api/accounts/targets/777777777777', { token })).status).toBe(204);
    expect((await api.request('DELETE', '/api/accounts/targets/777777777777', { token: `${token}x` })).status).toBe(401);
  });

  it('answers unknown API paths with JSON 404, wrong methods with 405', async () => {
    const missing = await api.request('GET', '/api/nothing/here', { token: tokenOf(api.users, 'Admin') });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/json');
    expect((await api.request('PATCH', '/api/accounts/targets', { token: tokenOf(api.users, 'Admin') })).status).toBe(405);
  });

  it('survives query and header names that live on Object.prototype (found by the fuzz test)', async () => {
    const response = await api.request('GET', '/api/health?toString=1&__proto__=2&constructor=3', { headers: { constructor: 'x' } });
    expect(response.status).toBe(200);
  });

  it('sends no CORS headers when the console shares its origin, whatever Origin the request names', async () => {
    const preflight = await api.request('OPTIONS', '/api/accounts/targets', { headers: { Origin: 'http://evil.example' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const answer = await api.request('GET', '/api/health', { headers: { Origin: 'http://evil.example' } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers as the deployed stage does where no method exists: the stage root, and a method no resource declares', async () => {
    for (const [method, path] of [['GET', '/api'], ['GET', '/api/'], ['HEAD', '/api/accounts/targets']] as const) {
      const response = await api.request(method, path, { token: tokenOf(api.users, 'Admin') });
      const body = method === 'HEAD' ? undefined : await response.json();
      expect({ method, path, status: response.status, body }).toEqual({
        method,
        path,
        status: 403,
        body: method === 'HEAD' ? undefined : { message: 'Missing Authentication Token' },
      });
    }
  });

  it('sends a method the /health resource does not declare on to {proxy+}, as API Gateway picks a resource by resource and method', async () => {
    expect((await api.request('POST', '/api/health')).status).toBe(401);
    const response = await api.request('POST', '/api/health', { token: tokenOf(api.users, 'Admin') });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('puts the whole proxy resource behind the authorizer: an unknown path without a token is 401, as in AWS', async () => {
    const response = await api.request('GET', '/api/nothing/here');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
  });

  it('refuses a Host that is not this machine (DNS rebinding), but accepts loopback names on any port', async () => {
    const status = (host: string) => statusFor(api.server.port, '/api/health', host);
    expect(await status('attacker.example:3000')).toBe(403);
    expect(await status('127.0.0.1.attacker.example')).toBe(403);
    expect(await status(`localhost:${api.server.port}`)).toBe(200);
    expect(await status('localhost:5173')).toBe(200);
    expect(await status(`127.0.0.1:${api.server.port}`)).toBe(200);
  });

  it('serves the OpenAPI document', async () => {
    const response = await api.request('GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ openapi: '3.0.3', paths: { '/health': expect.any(Object) } });
  });

  it('serves the console with a fallback to index.html, never outside its directory', async () => {
    expect(await (await api.request('GET', '/assets/app.js')).text()).toBe('console.log(1)');
    const deepLink = await api.request('GET', '/recovery-plans/abc');
    expect(deepLink.headers.get('content-type')).toContain('text/html');
    expect(await deepLink.text()).toContain('console');
    expect(await (await api.request('GET', '/..%2f..%2fetc%2fpasswd')).text()).toContain('console');
  });

  it('caches the hashed assets for a year and checks index.html every time, as the console stack does in S3', async () => {
    expect((await api.request('GET', '/assets/app.js')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await api.request('GET', '/')).headers.get('cache-control')).toBe('no-cache');
    expect((await api.request('GET', '/recovery-plans?plan=p-1')).headers.get('cache-control')).toBe('no-cache');
  });

  it('puts the proxy event together as API Gateway does', async () => {
    const seen: any[] = [];
    const { startApiServer } = await import('../../../local/http/server');
    const server = await startApiServer({
      port: 0,
      auth: await LocalTokenVerifier.open(api.dataDir, undefined),
      handler: async (event) => {
        seen.push(event);
        return { statusCode: 200, body: '{}' };
      },
    });
    try {
      await fetch(`${server.url}/api/accounts/targets/222222222222/validate?x=1&x=2`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokenOf(api.users, 'Operator')}` },
        body: '{"a":1}',
      });
    } finally {
      await server.close();
    }
    expect(seen[0]).toMatchObject({
      httpMethod: 'POST',
      path: '/accounts/targets/222222222222/validate',
      resource: '/{proxy+}',
      pathParameters: { proxy: 'accounts/targets/222222222222/validate' },
      queryStringParameters: { x: '2' },
      multiValueQueryStringParameters: { x: ['1', '2'] },
      body: '{"a":1}',
      requestContext: {
        stage: 'api',
        path: '/api/accounts/targets/222222222222/validate',
        resourcePath: '/{proxy+}',
        identity: { sourceIp: expect.any(String) },
        authorizer: { claims: { 'cognito:username': 'operator', 'cognito:groups': 'Operator' } },
      },
    });
  });
});

describe('local API server with the console on another origin', () => {
  const CONSOLE = 'http://localhost:4173';
  let crossOrigin: LocalApi;
  beforeAll(async () => {
    crossOrigin = await startLocalApi({ corsAllowOrigin: CONSOLE });
  });
  afterAll(async () => crossOrigin.close());

  it('answers the preflight with the allowed origin only, never an echo of the request Origin', async () => {
    for (const origin of [CONSOLE, 'http://evil.example']) {
      const response = await crossOrigin.request('OPTIONS', '/api/accounts/targets', {
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(CONSOLE);
      expect(response.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
      expect(response.headers.get('access-control-allow-methods')).toContain('DELETE');
    }
  });

  it("puts the allowed origin on the function's answers and on the gateway's own errors", async () => {
    const headers = { Origin: CONSOLE };
    const answers = [
      await crossOrigin.request('GET', '/api/accounts/targets', { token: tokenOf(crossOrigin.users, 'ReadOnly'), headers }),
      await crossOrigin.request('POST', '/api/accounts/targets', { token: tokenOf(crossOrigin.users, 'ReadOnly'), body: '{}', headers }),
      await crossOrigin.request('GET', '/api/accounts/targets', { headers }),
      await crossOrigin.request('GET', '/api', { headers }),
    ];
    expect(answers.map((a) => [a.status, a.headers.get('access-control-allow-origin')])).toEqual([
      [200, CONSOLE],
      [403, CONSOLE],
      [401, CONSOLE],
      [403, CONSOLE],
    ]);
  });
});

describe('ensureLocalUsers', () => {
  it('creates one user per role once, with private files, and returns the same tokens later', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'drs-orch-users-'));
    const saved = process.env[ADMIN_TOKEN_ENV];
    delete process.env[ADMIN_TOKEN_ENV];
    try {
      const first = await ensureLocalUsers(dir);
      expect(first.users.map((u) => u.role)).toEqual([...ROLES]);
      expect(first.users.map((u) => u.username)).toEqual(['admin', 'recovery-manager', 'plan-manager', 'operator', 'readonly']);
      expect(first.adminToken).toBe(first.users[0]!.token);
      expect(await ensureLocalUsers(dir)).toEqual(first);
      expect((await stat(path.join(dir, 'auth', 'signing-key'))).mode & 0o077).toBe(0);
      expect((await stat(path.join(dir, 'auth', 'users.json'))).mode & 0o077).toBe(0);

      process.env[ADMIN_TOKEN_ENV] = 'from-env';
      expect((await ensureLocalUsers(dir)).adminToken).toBe('from-env');

      // A new key re-issues every token: the old ones stop working.
      await writeFile(path.join(dir, 'auth', 'signing-key'), Buffer.alloc(32, 7).toString('base64'));
      const reissued = await ensureLocalUsers(dir);
      expect(reissued.users[0]!.token).not.toBe(first.users[0]!.token);
      const verifier = await LocalTokenVerifier.open(dir, undefined);
      expect(await verifier.verify(first.users[0]!.token)).toBeNull();
      expect(await verifier.verify(reissued.users[4]!.token)).toMatchObject({ 'cognito:groups': 'ReadOnly' });
      expect(JSON.parse(await readFile(path.join(dir, 'auth', 'users.json'), 'utf8'))).toHaveLength(5);
    } finally {
      if (saved === undefined) delete process.env[ADMIN_TOKEN_ENV];
      else process.env[ADMIN_TOKEN_ENV] = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('console served alone', () => {
  it('answers its own Host only: loopback names on its own port (no proxy stands in front of it)', async () => {
    const server = await startStaticServer({ dir: staticDir });
    try {
      const port = Number(new URL(server.url).port);
      expect(await statusFor(port, '/', `localhost:${port}`)).toBe(200);
      expect(await statusFor(port, '/', `127.0.0.1:${port}`)).toBe(200);
      expect(await statusFor(port, '/', `localhost:${port + 1}`)).toBe(403);
      expect(await statusFor(port, '/', `rebind.example:${port}`)).toBe(403);
    } finally {
      await server.close();
    }
  });
});
