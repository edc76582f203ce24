import { InputValidationError } from '../../lib/errors';
import { HTTP_METHODS, ROUTE_EFFECTS, type HttpMethod, type Route } from './route';

export type RouteMatch =
  | { readonly kind: 'matched'; readonly route: Route; readonly pathParams: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly HttpMethod[] }
  | { readonly kind: 'not-found' };

interface CompiledPath {
  readonly template: string;
  /** A literal segment, or null where the template has a `{param}`. */
  readonly segments: readonly (string | null)[];
  readonly paramNames: readonly (string | null)[];
  readonly routes: Map<HttpMethod, Route>;
}

const PARAM = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/**
 * Resolves requests to routes by operation name (direct and scheduled
 * invocations) or by method and request path (API Gateway and the local
 * server, whatever resource delivered the event). Literal segments win over
 * parameters, so `/executions/active` can sit beside `/executions/{id}`.
 */
export class Router {
  private readonly byOperationId = new Map<string, Route>();
  private readonly paths: CompiledPath[] = [];

  constructor(readonly routes: readonly Route[]) {
    for (const route of routes) this.add(route);
    this.paths.sort((a, b) => specificity(b) - specificity(a));
  }

  operation(operationId: string): Route | undefined {
    return this.byOperationId.get(operationId);
  }

  /** Matches a concrete request path; percent-encoded segments are decoded into the path parameters. */
  match(method: string, path: string): RouteMatch {
    const segments = splitPath(path);
    const candidate = this.paths.find((p) => matches(p, segments));
    if (!candidate) return { kind: 'not-found' };
    const route = candidate.routes.get(method.toUpperCase() as HttpMethod);
    if (!route) return { kind: 'method-not-allowed', allowed: [...candidate.routes.keys()] };
    const pathParams: Record<string, string> = {};
    candidate.paramNames.forEach((name, i) => {
      if (name) pathParams[name] = decodeSegment(segments[i] ?? '');
    });
    return { kind: 'matched', route, pathParams };
  }

  private add(route: Route): void {
    if (!/^[a-z][a-z0-9_]*$/.test(route.operationId)) throw new Error(`operationId ${route.operationId} must be snake_case`);
    if (!HTTP_METHODS.includes(route.method)) throw new Error(`${route.operationId}: unsupported method ${route.method}`);
    if (!ROUTE_EFFECTS.includes(route.effect)) throw new Error(`${route.operationId}: effect must be one of ${ROUTE_EFFECTS.join(', ')}`);
    // GET is safe in HTTP and API Gateway sends every GET to the read function: a GET that writes would fail there.
    if (route.method === 'GET' && route.effect !== 'read') throw new Error(`${route.operationId}: a GET route must be a read`);
    if (this.byOperationId.has(route.operationId)) throw new Error(`Duplicate operationId ${route.operationId}`);
    this.byOperationId.set(route.operationId, route);

    const template = normalizeTemplate(route.path);
    if (template !== route.path) throw new Error(`${route.operationId}: path ${route.path} must start with / and have no trailing /`);
    if (template.includes('{') && !route.pathSchema) throw new Error(`${route.operationId}: a path with parameters needs a pathSchema`);
    let compiled = this.paths.find((p) => p.template === template);
    if (!compiled) {
      const parts = splitPath(template);
      compiled = {
        template,
        segments: parts.map((s) => (PARAM.test(s) ? null : s)),
        paramNames: parts.map((s) => PARAM.exec(s)?.[1] ?? null),
        routes: new Map(),
      };
      this.paths.push(compiled);
    }
    if (compiled.routes.has(route.method)) throw new Error(`Duplicate route ${route.method} ${route.path}`);
    compiled.routes.set(route.method, route);
  }
}

function normalizeTemplate(path: string): string {
  return `/${splitPath(path).join('/')}`;
}

function matches(compiled: CompiledPath, segments: readonly string[]): boolean {
  return compiled.segments.length === segments.length && compiled.segments.every((s, i) => s === null || s === segments[i]);
}

/** Earlier literal segments weigh more: `/a/b/{x}` beats `/a/{y}/c` for `/a/b/c`. */
function specificity(compiled: CompiledPath): number {
  return compiled.segments.reduce((score, s, i) => score + (s === null ? 0 : 2 ** (16 - i)), 0);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InputValidationError('The request path is not valid percent-encoding', [{ path: '/path', message: 'malformed percent-encoding' }]);
  }
}
