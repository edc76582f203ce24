import type { Access } from '../auth/roles';
import type { Principal } from '../auth/principal';
import type { ApiDeps } from '../deps';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** What a route does to the world: see RouteDefinition.effect. */
export const ROUTE_EFFECTS = ['read', 'write'] as const;
export type RouteEffect = (typeof ROUTE_EFFECTS)[number];

/** What a route handler receives: inputs already authorized and validated against the route's schemas. */
export interface OperationRequest<Path, Query, Body> {
  readonly operationId: string;
  readonly pathParams: Path;
  readonly query: Query;
  readonly body: Body;
  readonly principal: Principal;
  readonly requestId: string;
}

/** The types a route's schemas describe, named so a definition reads `defineRoute<{ path: X; body: Y; response: Z }>`. */
export interface RouteTypes {
  readonly path?: unknown;
  readonly query?: unknown;
  readonly body?: unknown;
  readonly response?: unknown;
}

type Part<T extends RouteTypes, K extends keyof RouteTypes> = K extends keyof T ? T[K] : undefined;

/**
 * One operation of the API. The route table is the single source for the
 * router, authorization, validation, the direct-invocation names and the
 * OpenAPI document, so nothing about an operation is written twice.
 */
export interface RouteDefinition<T extends RouteTypes = RouteTypes> {
  /** The direct operation name, snake_case; also the OpenAPI operationId. */
  readonly operationId: string;
  readonly method: HttpMethod;
  /** API Gateway style: `/accounts/targets/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  /** OpenAPI tag, usually the resource. */
  readonly tag: string;
  /** The least role that may call it, or PUBLIC. Enforced by the handler, not only by the console. */
  readonly access: Access;
  /**
   * Whether the operation only reads (`read`) or also changes something
   * (`write`: a table item, a started execution, a terminated instance). It
   * decides which API function serves the route and so which IAM grants it
   * runs with (decision: reads and writes apart); the method does not, since
   * a POST can be a read (check-existing) and a GET must never write.
   */
  readonly effect: RouteEffect;
  readonly pathSchema?: object;
  readonly querySchema?: object;
  readonly bodySchema?: object;
  readonly response: {
    readonly status: 200 | 201 | 202 | 204;
    readonly description: string;
    /** Checked on every answer, so the OpenAPI document cannot lie and no unlisted field leaks. Absent for 204. */
    readonly schema?: object;
  };
  /** Error statuses the operation can answer besides the ones its shape implies (400, 401, 403, 404, 500). */
  readonly errors?: readonly number[];
  readonly handle: (
    request: OperationRequest<Part<T, 'path'>, Part<T, 'query'>, Part<T, 'body'>>,
    deps: ApiDeps,
  ) => Promise<Part<T, 'response'>>;
}

/** A route with its types erased, as the route table holds it. */
export interface Route extends Omit<RouteDefinition, 'handle'> {
  readonly handle: (request: OperationRequest<unknown, unknown, unknown>, deps: ApiDeps) => Promise<unknown>;
}

/** Types a route definition against its contracts and erases the types for the table. */
export function defineRoute<T extends RouteTypes>(definition: RouteDefinition<T>): Route {
  return definition as unknown as Route;
}
