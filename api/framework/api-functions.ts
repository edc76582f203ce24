import { PUBLIC } from '../auth/roles';
import { HTTP_METHODS, ROUTE_EFFECTS, type HttpMethod, type Route, type RouteEffect } from './route';
import { Router } from './router';

/**
 * Reads and writes apart (docs/decisions/README.md): the API runs as two
 * functions built from the same code, one per route effect. The read function
 * serves the `read` routes with read-only grants; the write function serves
 * the `write` routes with the grants they need. This module is the one place
 * that says which function a request reaches, for the CDK stack (the API
 * Gateway resources it creates) and the local API server (which mirrors them).
 */
export type ApiFunctionKind = RouteEffect;
export const API_FUNCTION_KINDS: readonly ApiFunctionKind[] = ROUTE_EFFECTS;

/** The exports of api/handler.ts, one per function. */
export const API_HANDLER_EXPORTS: Readonly<Record<ApiFunctionKind, string>> = { read: 'readHandler', write: 'writeHandler' };

/** The methods the greedy `/{proxy+}` resource declares: every route method, each sent to one function. */
export const PROXY_METHODS: readonly HttpMethod[] = HTTP_METHODS;

/** The function the greedy `/{proxy+}` resource sends a method to: GET reads, anything else writes. */
export function proxyFunctionOf(method: HttpMethod): ApiFunctionKind {
  return method === 'GET' ? 'read' : 'write';
}

/**
 * The routes `/{proxy+}` cannot serve: those it would send to the wrong
 * function (the POSTs that only read, like check-existing-instances), and the
 * public ones (health), as the proxy's methods carry the Cognito authorizer.
 * Each gets its own resource and method wired to its function. API Gateway
 * picks a resource by the resource and method pair: a request whose method
 * the specific resource does not declare still falls through to `/{proxy+}`,
 * so the other methods on the same path keep reaching their own function.
 */
export function routesWithOwnResource(routes: readonly Route[]): Route[] {
  return routes.filter((route) => proxyFunctionOf(route.method) !== route.effect || route.access === PUBLIC);
}

/** Where API Gateway delivers a request below the stage. */
export interface GatewayTarget {
  /** The resource that matched: a route's template, or `/{proxy+}`. */
  readonly resource: string;
  readonly function: ApiFunctionKind;
  /** The route whose own resource matched; absent for the proxy. */
  readonly route?: Route;
  /** The own resource's path parameters (decoded, as API Gateway passes them); absent for the proxy. */
  readonly pathParameters?: Readonly<Record<string, string>>;
}

export const PROXY_RESOURCE = '/{proxy+}';

/**
 * Resolves a request the way the deployed API does: a route with its own
 * resource wins when both its path and method match; any other request below
 * the stage root goes through `/{proxy+}` by method. Undefined where the stage
 * has no method: the stage root, and a method no resource declares (HEAD).
 */
export function gatewayTargetOf(ownResources: Router, method: string, path: string): GatewayTarget | undefined {
  if (path.replace(/^\/+/, '') === '') return undefined;
  let match: ReturnType<Router['match']> | undefined;
  try {
    match = ownResources.match(method, path);
  } catch {
    // Malformed percent-encoding matches no resource template; the proxy delivers it and the handler answers 400.
    match = undefined;
  }
  if (match?.kind === 'matched') return { resource: match.route.path, function: match.route.effect, route: match.route, pathParameters: match.pathParams };
  if (!(PROXY_METHODS as readonly string[]).includes(method)) return undefined;
  return { resource: PROXY_RESOURCE, function: proxyFunctionOf(method as HttpMethod) };
}

/** A router over the routes that have their own resource, for gatewayTargetOf. */
export function ownResourceRouter(routes: readonly Route[]): Router {
  return new Router(routesWithOwnResource(routes));
}
