import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { processClock } from '../../lib/clock';
import { InputValidationError } from '../../lib/errors';
import { logger, metrics } from '../../lib/observability';
import type { ApiDeps } from '../deps';
import type { Route, RouteEffect } from './route';
import { Router } from './router';
import { errorResult, type ApiResult } from './error-mapping';
import { dispatch, type ApiRequest } from './dispatch';
import { isProxyEvent, proxyRequest, proxyResponse } from './forms/proxy';
import { directRequest, isDirectRequest, type DirectResponse } from './forms/direct';
import { RouteServedElsewhereError } from './http-errors';
import { isScheduledEvent, scheduledRequest, ScheduledOperationError } from './forms/scheduled';

export interface ApiOptions {
  /** Sent as Access-Control-Allow-Origin on API Gateway answers; unset sends no CORS headers (same-origin console). */
  readonly corsAllowOrigin?: string;
  /**
   * The routes this function serves: `read` or `write` (reads and writes
   * apart); a route of the other kind is refused with 404. Unset serves the
   * whole table (tests that exercise routes regardless of function).
   */
  readonly serves?: RouteEffect;
}

export type ApiEvent = APIGatewayProxyEvent | Record<string, unknown>;
export type ApiResponse = APIGatewayProxyResult | DirectResponse;

/**
 * The API as one function of any invocation form. Each form is turned into
 * the same ApiRequest, dispatched the same way, and answered in its own shape:
 * a proxy result for API Gateway, a `{ statusCode, body }` object for direct
 * and scheduled invocations (scheduled ones throw on failure so that Lambda
 * error metrics and retries see them).
 */
export function createApi(routes: readonly Route[], deps: ApiDeps, options: ApiOptions = {}) {
  const router = new Router(routes);

  async function run(requestId: string, build: () => ApiRequest): Promise<ApiResult> {
    logger.setCorrelationId(requestId);
    let operationId = 'unknown';
    try {
      const request = build();
      operationId = request.route.operationId;
      if (options.serves && request.route.effect !== options.serves) {
        throw new RouteServedElsewhereError(operationId, request.route.effect, options.serves);
      }
      logger.appendKeys({ operationId, principal: request.principal?.username });
      return await dispatch(request, deps);
    } catch (error) {
      return errorResult(error, requestId);
    } finally {
      metrics.addDimension('operation', operationId);
      metrics.addMetric('ApiRequest', MetricUnit.Count, 1);
    }
  }

  function count(result: ApiResult): ApiResult {
    if (result.statusCode >= 500) metrics.addMetric('ApiServerError', MetricUnit.Count, 1);
    logger.info('Request answered', { statusCode: result.statusCode });
    return result;
  }

  return {
    router,
    async handle(event: ApiEvent, context: Context): Promise<ApiResponse> {
      if (isProxyEvent(event)) {
        const requestId = event.requestContext?.requestId ?? context.awsRequestId;
        const result = count(await run(requestId, () => proxyRequest(event, router, requestId)));
        return withServerDate(proxyResponse(result, options.corsAllowOrigin), processClock.now());
      }
      if (isScheduledEvent(event)) {
        const result = count(await run(context.awsRequestId, () => scheduledRequest(event, router, context.awsRequestId)));
        if (result.statusCode >= 300) throw new ScheduledOperationError(event, result);
        return { statusCode: result.statusCode, body: result.body };
      }
      const result = count(
        await run(context.awsRequestId, () => {
          if (!isDirectRequest(event)) throw directFormError();
          return directRequest(event, router, context.awsRequestId);
        }),
      );
      return { statusCode: result.statusCode, body: result.body };
    },
  };
}

/**
 * Stamps the answer with the API's clock, so the console reads times against
 * it (web/src/lib/server-clock.ts). On the local platform that is the virtual
 * clock; API Gateway keeps its own Date and passes ours as X-Amzn-Remapped-Date.
 */
function withServerDate(response: APIGatewayProxyResult, now: Date): APIGatewayProxyResult {
  return { ...response, headers: { ...response.headers, Date: now.toUTCString() } };
}

function directFormError(): Error {
  return new InputValidationError(
    'Unrecognised event: expected an API Gateway REST proxy event, a direct request { "operation": "<operationId>", ... } or a Scheduled Event with detail.operation',
    [{ path: '/operation', message: 'must be an operation name' }],
  );
}
