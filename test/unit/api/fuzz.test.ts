import '../../support/api/env';
import { mockSdkClient } from '../../support/api/sdk-mock';
import { DescribeSourceServersCommand, DrsClient } from '@aws-sdk/client-drs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { PUBLIC, ROLES, hasRole, type Role } from '../../../api/auth/roles';
import type { Route } from '../../../api/framework/route';
import { Router } from '../../../api/framework/router';
import { routes } from '../../../api/routes';
import { createBody, TARGET_ACCOUNT } from '../../support/api/fixtures';
import { startLocalApi, tokenOf, type LocalApi } from '../../support/api/local-api';
import { arbitraryFor } from '../../support/api/schema-arbitrary';

/**
 * For every route in the table (new routes are fuzzed without touching this
 * file), real HTTP requests with generated tokens, path parameters, query
 * strings and bodies must never get a 5xx, and a valid token below the route's
 * least role must always get 403.
 */
const RUNS_PER_ROUTE = 40;
const ADMIN_ENV_TOKEN = 'fuzz-admin-token-0123456789';

const sts = mockSdkClient(STSClient);
const drs = mockSdkClient(DrsClient);
let api: LocalApi;
let forgedToken: string;
const router = new Router(routes);

beforeAll(async () => {
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) },
  });
  drs.on(DescribeSourceServersCommand).resolves({ items: [] });
  api = await startLocalApi({ adminToken: ADMIN_ENV_TOKEN });
  // Right claims, wrong key.
  forgedToken = await new SignJWT({ 'cognito:username': 'mallory', 'cognito:groups': ['Admin'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('drs-orchestrator-local')
    .setAudience('drs-orchestrator-local-api')
    .sign(new Uint8Array(32).fill(1));
});
afterAll(async () => {
  await api.close();
  sts.restore();
  drs.restore();
});

type Caller = { kind: 'role'; role: Role } | { kind: 'admin-env' } | { kind: 'none' } | { kind: 'invalid'; token: string };

const callerArb: fc.Arbitrary<Caller> = fc.oneof(
  fc.constantFrom(...ROLES).map((role): Caller => ({ kind: 'role', role })),
  fc.constant<Caller>({ kind: 'admin-env' }),
  fc.constant<Caller>({ kind: 'none' }),
  fc.oneof(fc.string({ minLength: 1 }).filter((s) => /^\S+$/.test(s)), fc.constant('forged')).map((token): Caller => ({ kind: 'invalid', token })),
);

function pathParamArb(schema: Record<string, any> | undefined, name: string): fc.Arbitrary<string> {
  const property = schema?.properties?.[name] ?? { type: 'string' };
  return fc.oneof(
    fc.constant(TARGET_ACCOUNT), // an id that exists, so handlers get past their lookups
    (arbitraryFor(property) as fc.Arbitrary<unknown>).map((v) => encodeURIComponent(String(v))),
    fc.string().map(encodeURIComponent),
    fc.constantFrom('%', '%E0%A4%A', '%00', '..', ''),
  );
}

function bodyArb(route: Route): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    fc.constant(undefined),
    ...(route.bodySchema ? [arbitraryFor(route.bodySchema as Record<string, any>).map((v) => JSON.stringify(v))] : []),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string(), // mostly not JSON
  );
}

function requestArb(route: Route) {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const params = fc.tuple(...names.map((n) => pathParamArb(route.pathSchema as Record<string, any>, n)));
  return fc.record({
    caller: callerArb,
    params: names.length > 0 ? params : fc.constant([] as string[]),
    // Names that live on Object.prototype are how a client breaks code that indexes plain objects.
    query: fc.dictionary(
      fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('toString', '__proto__', 'constructor', 'hasOwnProperty')),
      fc.string({ maxLength: 16 }),
      { maxKeys: 3 },
    ),
    body: bodyArb(route),
  });
}

function tokenFor(caller: Caller): string | undefined {
  switch (caller.kind) {
    case 'role':
      return tokenOf(api.users, caller.role);
    case 'admin-env':
      return ADMIN_ENV_TOKEN;
    case 'invalid':
      return caller.token === 'forged' ? forgedToken : caller.token;
    case 'none':
      return undefined;
  }
}

function roleOf(caller: Caller): Role | null {
  return caller.kind === 'role' ? caller.role : caller.kind === 'admin-env' ? 'Admin' : null;
}

async function seed(): Promise<void> {
  await api.deps.targetAccounts.create({
    ...(createBody() as any),
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-01T00:00:00.000Z',
    lastValidation: null,
  }).catch(() => undefined); // already there
}

describe.each(routes.map((route) => [`${route.method} ${route.path} (${route.operationId}, least ${route.access})`, route] as const))(
  'fuzz %s',
  (_name, route) => {
    it('never answers 5xx, and never 2xx below the least role', async () => {
      await fc.assert(
        fc
          .asyncProperty(requestArb(route), async ({ caller, params, query, body }) => {
            let i = 0;
            const path = route.path.replace(/\{\w+\}/g, () => params[i++]!);
            const search = new URLSearchParams(query).toString();
            const url = new URL(`${api.server.url}/api${path}${search ? `?${search}` : ''}`);
            const token = tokenFor(caller);
            const response = await fetch(url, {
              method: route.method,
              headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
              body: route.method === 'GET' ? undefined : body,
            });
            await response.arrayBuffer();
            expect(response.status).toBeLessThan(500);

            // URL normalization (`..`, empty segments) can land on another route: judge by the route actually hit.
            let hit: Route | undefined;
            try {
              const match = router.match(route.method, url.pathname.slice('/api'.length));
              hit = match.kind === 'matched' ? match.route : undefined;
            } catch {
              hit = undefined;
            }
            if (!hit || hit.access === PUBLIC) return;
            const role = roleOf(caller);
            if (caller.kind === 'none' || caller.kind === 'invalid') expect(response.status).toBe(401);
            else if (!hasRole(role, hit.access)) expect(response.status).toBe(403);
            else expect([401, 403]).not.toContain(response.status);
          })
          .beforeEach(seed),
        { numRuns: RUNS_PER_ROUTE },
      );
    });
  },
);
