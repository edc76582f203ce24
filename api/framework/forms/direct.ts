import { InputValidationError, type SchemaErrorDetail } from '../../../lib/errors';
import { SYSTEM_PRINCIPAL, type Principal } from '../../auth/principal';
import { isRole } from '../../auth/roles';
import type { ApiRequest } from '../dispatch';
import { RouteNotFoundError } from '../http-errors';
import type { Router } from '../router';

/**
 * A direct Lambda invocation: `{ "operation": "get_target_account", "id": "111122223333" }`.
 * Path parameters and query parameters sit at the top level, the request body
 * under `body`. It runs as SYSTEM_PRINCIPAL (Admin) unless `principal` names
 * a user and role to act as, e.g. to let automation act with less power.
 */
export interface DirectRequest {
  readonly operation: string;
  readonly principal?: { readonly username: string; readonly role: string };
  readonly body?: unknown;
  readonly [param: string]: unknown;
}

/** What a direct or scheduled invocation returns: the status and the body as an object, not a JSON string. */
export interface DirectResponse {
  readonly statusCode: number;
  readonly body: unknown;
}

const RESERVED = new Set(['operation', 'principal', 'body']);

export function isDirectRequest(event: unknown): event is DirectRequest {
  return typeof event === 'object' && event !== null && !Array.isArray(event) && typeof (event as { operation?: unknown }).operation === 'string';
}

export function directRequest(event: DirectRequest, router: Router, requestId: string): ApiRequest {
  const route = router.operation(event.operation);
  if (!route) throw new RouteNotFoundError(event.operation);
  const pathNames = new Set(Object.keys((route.pathSchema as { properties?: object } | undefined)?.properties ?? {}));
  // fromEntries defines own properties, so a `__proto__` key is a parameter like any other, not a prototype.
  const params = Object.entries(event).filter(([key]) => !RESERVED.has(key));
  const pathParams = Object.fromEntries(params.filter(([key]) => pathNames.has(key)));
  const query = Object.fromEntries(params.filter(([key]) => !pathNames.has(key)));
  const unknown = route.querySchema ? [] : Object.keys(query);
  if (unknown.length > 0) {
    throw new InputValidationError(
      `${route.operationId} takes no parameter ${unknown.join(', ')}`,
      unknown.map((k): SchemaErrorDetail => ({ path: `/${k}`, message: 'is not a parameter of this operation' })),
    );
  }
  return {
    route,
    pathParams,
    query: route.querySchema ? query : undefined,
    body: () => event.body,
    principal: event.principal === undefined ? SYSTEM_PRINCIPAL : explicitPrincipal(event.principal),
    requestId,
  };
}

function explicitPrincipal(value: unknown): Principal {
  const p = value as { username?: unknown; role?: unknown } | null;
  if (typeof p !== 'object' || p === null || typeof p.username !== 'string' || p.username.length === 0 || !isRole(p.role)) {
    throw new InputValidationError('principal must be { "username": "<name>", "role": "<Admin|RecoveryManager|PlanManager|Operator|ReadOnly>" }', [
      { path: '/principal', message: 'must name a username and a role' },
    ]);
  }
  return { kind: 'system', username: p.username, role: p.role };
}
