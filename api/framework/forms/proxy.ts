import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { InputValidationError } from '../../../lib/errors';
import { principalFromClaims } from '../../auth/principal';
import type { ApiRequest } from '../dispatch';
import type { ApiResult } from '../error-mapping';
import { MethodNotAllowedError, RouteNotFoundError } from '../http-errors';
import type { Route } from '../route';
import type { Router } from '../router';

/** An API Gateway REST (v1) proxy event: it has a method, a path and a request context. */
export function isProxyEvent(event: unknown): event is APIGatewayProxyEvent {
  const e = event as Partial<APIGatewayProxyEvent> | null;
  return typeof e?.httpMethod === 'string' && typeof e.path === 'string' && typeof e.requestContext === 'object';
}

/**
 * Resolves the route from the request path, the one code path for every
 * resource the API deploys (`/{proxy+}` and `/health`) and for the local
 * server, which builds the same events. The path, not `pathParameters.proxy`:
 * API Gateway passes `path` still percent-encoded but decodes path
 * parameters, so an encoded `/` inside an id would split a segment there.
 */
function resolve(event: APIGatewayProxyEvent, router: Router): { route: Route; pathParams: Record<string, string> } {
  const match = router.match(event.httpMethod, event.path);
  if (match.kind === 'matched') return match;
  if (match.kind === 'method-not-allowed') throw new MethodNotAllowedError(event.httpMethod, event.path, match.allowed);
  throw new RouteNotFoundError(`${event.httpMethod} ${event.path}`);
}

export function proxyRequest(event: APIGatewayProxyEvent, router: Router, requestId: string): ApiRequest {
  const { route, pathParams } = resolve(event, router);
  return {
    route,
    pathParams,
    query: event.queryStringParameters ?? undefined,
    body: () => (route.bodySchema ? parseBody(event) : undefined),
    principal: principalFromClaims(event.requestContext?.authorizer?.claims),
    requestId,
  };
}

function parseBody(event: APIGatewayProxyEvent): unknown {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputValidationError('The request body is not valid JSON', [{ path: '/body', message: (error as Error).message }]);
  }
}

export function proxyResponse(result: ApiResult, corsAllowOrigin: string | undefined): APIGatewayProxyResult {
  return {
    statusCode: result.statusCode,
    headers: {
      ...(result.body === null ? {} : { 'Content-Type': 'application/json' }),
      ...(corsAllowOrigin ? { 'Access-Control-Allow-Origin': corsAllowOrigin, Vary: 'Origin' } : {}),
      ...result.headers,
    },
    body: result.body === null ? '' : JSON.stringify(result.body),
  };
}
