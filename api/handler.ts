import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { EnvNames } from '../lib/config';
import { logger, metrics, tracer } from '../lib/observability';
import { defaultApiDeps, type ApiDeps } from './deps';
import { createApi, type ApiEvent, type ApiOptions, type ApiResponse } from './framework/app';
import { routes } from './routes';
import type { ApiFunctionKind } from './framework/api-functions';

/** Environment variable: the origin allowed to call the API from a browser; unset when the console is served from the same origin. */
export const CORS_ALLOW_ORIGIN_ENV = EnvNames.ApiCorsAllowOrigin;

/**
 * Builds the API Lambda handler around `deps`. Tests and the local platform
 * call this with their own deps; the deployed function uses `handler` below.
 * The event is never logged: it carries the caller's token.
 */
export function createApiHandler(deps: ApiDeps, options: ApiOptions = {}) {
  const api = createApi(routes, deps, options);
  return middy(async (event: ApiEvent, context: Context): Promise<ApiResponse> => api.handle(event, context))
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}

/**
 * The API functions' entry points, one per route effect (reads and writes
 * apart, docs/decisions/README.md): the same code, each serving only its own
 * routes and refusing the others with 404. Each takes API Gateway proxy
 * events, direct requests and scheduled events. Clients are created once per
 * process. The export names are API_HANDLER_EXPORTS.
 */
export const readHandler = apiFunction('read');
export const writeHandler = apiFunction('write');

function apiFunction(kind: ApiFunctionKind) {
  return createApiHandler(defaultApiDeps(kind), { corsAllowOrigin: process.env[CORS_ALLOW_ORIGIN_ENV] || undefined, serves: kind });
}
