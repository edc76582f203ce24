import { render } from '@testing-library/react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { ApiClient, remedyFor } from '../src/api/client';
import { AppContext, type AppContextValue } from '../src/app-context';
import type { RecoveryInstance } from '../src/api/types';
import type { RuntimeConfig } from '../src/auth/config';
import { createQueryClient } from '../src/lib/query-client';
import type { OperationPermission } from '../../contracts/api/user';
import openapi from '../../docs/api/openapi.json';
import { ACTION_TEXT, hasRole, permissionFor, type Action, type PermissionState, type Role } from '../src/lib/roles';

/**
 * What GET /user/permissions answers for a role, built from the OpenAPI
 * document the route table generates (x-least-role), so the tests use the
 * API's own access rules rather than a copy.
 */
export function permissionsFor(role: Role | null): PermissionState {
  if (role === null) return { status: 'noRole' };
  const operations: OperationPermission[] = Object.entries(openapi.paths as Record<string, Record<string, { operationId: string; 'x-least-role'?: string }>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const access = (operation['x-least-role'] ?? 'Public') as OperationPermission['access'];
      return { operationId: operation.operationId, method: method.toUpperCase() as OperationPermission['method'], path, access, allowed: access === 'Public' || hasRole(role, access) };
    }),
  );
  return { status: 'ready', role, operations };
}

/** A fetch that answers from a table of `METHOD /path` → body (or a Response), and records calls. */
export function fakeFetch(routes: Record<string, unknown | ((url: URL, init?: RequestInit) => Response | Promise<Response>)>) {
  const calls: { method: string; url: string; body?: string }[] = [];
  const impl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    calls.push({ method, url: `${url.pathname}${url.search}`, body: init?.body as string | undefined });
    const key = `${method} ${url.pathname}`;
    const answer = routes[key];
    if (answer === undefined) return new Response(JSON.stringify({ message: `no fake for ${key}` }), { status: 404 });
    if (typeof answer === 'function') return answer(url, init);
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { fetch: impl as typeof fetch, calls };
}

/** A query cache for one test: no retry, so a failure shows at once (the retry policy has its own tests). */
export function testQueryClient(): QueryClient {
  return createQueryClient({ retry: false });
}

export function renderWithApp(ui: ReactElement, options: { role: Role | null; fetch: typeof fetch; config?: RuntimeConfig; path?: string; queryClient?: QueryClient; permissions?: PermissionState; username?: string }) {
  const client = new ApiClient({ baseUrl: '/api', getToken: () => 'token', fetch: options.fetch });
  const permissions = options.permissions ?? permissionsFor(options.role);
  const value: AppContextValue = {
    config: options.config ?? { mode: 'local', apiUrl: '/api' },
    session: { token: 'token', username: options.username ?? 'tester', role: options.role },
    client,
    signOut: () => undefined,
    can: (action: Action) => permissionFor(permissions, action).allowed,
    permission: (action: Action) => permissionFor(permissions, action),
    remedy: (error, action) =>
      remedyFor(error, { role: options.role, action: action && action in ACTION_TEXT ? ACTION_TEXT[action as Action] : action, apiBase: 'http://localhost/api', local: true }),
  };
  const queryClient = options.queryClient ?? testQueryClient();
  const rendered = render(
    <QueryClientProvider client={queryClient}>
      <AppContext.Provider value={value}>
        <MemoryRouter initialEntries={[options.path ?? '/']}>{ui}</MemoryRouter>
      </AppContext.Provider>
    </QueryClientProvider>,
  );
  return { ...rendered, client, queryClient };
}

/** The reason a disabled Cloudscape button gives: its hidden description (aria-describedby), which screen readers read and the tooltip shows. */
export function disabledReasonOf(button: HTMLElement): string | null {
  const ids = button.getAttribute('aria-describedby')?.split(/\s+/).filter(Boolean) ?? [];
  const text = ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
  return text || null;
}

export function instance(id: string, accountId: string, region: string, executionId: string | null = 'exec-1'): RecoveryInstance {
  return {
    sourceServerId: `s-${id.padEnd(17, '0')}`,
    recoveryInstanceId: `i-${id}`,
    ec2InstanceId: `i-${id}`,
    ec2InstanceState: 'running',
    sourceServerName: `server-${id}`,
    name: null,
    privateIp: '10.0.0.1',
    publicIp: null,
    instanceType: 't3.micro',
    launchTime: '2026-01-01T00:00:00Z',
    region,
    accountId,
    sourceExecutionId: executionId,
    sourcePlanName: 'Plan',
    lastSyncTime: '2026-01-01T00:00:00Z',
    replicationStagingAccountId: null,
    sourceVpcId: null,
    sourceSubnetId: null,
    sourceSecurityGroupIds: null,
    sourceInstanceProfile: null,
    isDrill: null,
    jobId: null,
  };
}
