import type { SchemaErrorDetail } from '../../lib/errors';
import { invalidInput, schemaErrors } from '../../lib/validation';
import type { Principal } from '../auth/principal';
import { PUBLIC, hasRole } from '../auth/roles';
import type { ApiDeps } from '../deps';
import type { ApiResult } from './error-mapping';
import { ForbiddenError, UnauthorizedError } from './http-errors';
import type { Route } from './route';

/** A request once its invocation form is peeled off: the same for API Gateway, direct and scheduled calls. */
export interface ApiRequest {
  readonly route: Route;
  readonly pathParams: Readonly<Record<string, unknown>>;
  /** Undefined when the caller sent no query string. */
  readonly query: Readonly<Record<string, unknown>> | undefined;
  /**
   * Reads the parsed body (undefined when none was sent). A function, so that
   * malformed JSON is reported only to a caller who passed authorization.
   */
  readonly body: () => unknown;
  /** Null when no authorizer vouched for the caller. */
  readonly principal: Principal | null;
  readonly requestId: string;
}

/** Authorizes, validates, runs the route and checks its answer. Throws; the caller maps errors. */
export async function dispatch(request: ApiRequest, deps: ApiDeps): Promise<ApiResult> {
  const { route, principal } = request;
  const caller = authorize(route, principal);
  const input = request.body();
  validateInputs(request, input);
  const body = await route.handle(
    {
      operationId: route.operationId,
      pathParams: request.pathParams,
      query: request.query ?? {},
      body: input,
      principal: caller,
      requestId: request.requestId,
    },
    deps,
  );
  const { status, schema } = route.response;
  if (schema) {
    const problems = schemaErrors(schema, body);
    // A defect, not the caller's fault: fail closed so an unlisted field (say, a secret) never leaks.
    if (problems.length > 0) throw new Error(`${route.operationId} produced an invalid response: ${JSON.stringify(problems)}`);
  }
  return { statusCode: status, body: status === 204 ? null : body };
}

const ANONYMOUS: Principal = { kind: 'user', username: 'anonymous', role: null };

function authorize(route: Route, principal: Principal | null): Principal {
  if (route.access === PUBLIC) return principal ?? ANONYMOUS;
  if (!principal) throw new UnauthorizedError();
  if (!hasRole(principal.role, route.access)) throw new ForbiddenError(route.operationId, route.access, principal.role);
  return principal;
}

/** Validates path, query and body together so the caller sees every problem at once. */
function validateInputs({ route, pathParams, query }: ApiRequest, body: unknown): void {
  const details: SchemaErrorDetail[] = [];
  const check = (schema: object | undefined, data: unknown, prefix: string) => {
    if (!schema) return;
    for (const d of schemaErrors(schema, data)) details.push({ path: d.path === '/' ? prefix : `${prefix}${d.path}`, message: d.message });
  };
  check(route.pathSchema, pathParams, '/pathParameters');
  check(route.querySchema, query ?? {}, '/queryStringParameters');
  check(route.bodySchema, body, '/body');
  if (details.length > 0) throw invalidInput('Invalid request', details);
}
