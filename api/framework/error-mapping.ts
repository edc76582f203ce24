import {
  AccessDeniedError,
  AwsRequestRejectedError,
  ConflictError,
  InputValidationError,
  NotFoundError,
  ServiceUnavailableError,
  SyncAlreadyRunningError,
  ThrottlingError,
} from '../../lib/errors';
import { logger } from '../../lib/observability';
import type { ErrorResponse } from '../../contracts/api/errors';
import { HttpError } from './http-errors';

/** An answer before it takes the shape of one invocation form. */
export interface ApiResult {
  readonly statusCode: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Maps a failure to its answer. The caller's mistakes (schema, unknown record,
 * conflict, role) are 4xx with a message they can act on. Failures of AWS
 * calls the orchestrator makes are 502/503: the caller's request was valid,
 * and a 403 would wrongly tell them their own role is too small. Anything else
 * is a defect: 500 with a generic message and the request id, details in logs.
 */
export function errorResult(error: unknown, requestId: string): ApiResult {
  const answer = (statusCode: number, body: ErrorResponse, headers?: Record<string, string>): ApiResult => {
    logger.info('Request failed', { statusCode, errorName: (error as Error).name, errorMessage: body.message });
    return { statusCode, body, ...(headers ? { headers } : {}) };
  };

  if (error instanceof InputValidationError) {
    return answer(400, { message: error.message, errors: error.details.map((d) => ({ path: d.path, message: d.message })) });
  }
  if (error instanceof HttpError) return answer(error.statusCode, { message: error.message }, { ...error.headers });
  if (error instanceof NotFoundError) return answer(404, { message: error.message });
  if (error instanceof ConflictError || error instanceof SyncAlreadyRunningError) return answer(409, { message: error.message });
  if (error instanceof AccessDeniedError) {
    return answer(502, {
      message: `AWS denied the orchestrator access: ${error.message}. Check the orchestrator's IAM role and the target account's role trust policy and ExternalId; POST /accounts/targets/{id}/validate tests them.`,
      requestId,
    });
  }
  if (error instanceof ThrottlingError || error instanceof ServiceUnavailableError) {
    return answer(503, { message: `AWS is throttling or unavailable; retry later: ${error.message}`, requestId }, { 'Retry-After': '5' });
  }
  if (error instanceof AwsRequestRejectedError) {
    return answer(502, { message: `AWS rejected a request the orchestrator made: ${error.message}`, requestId });
  }
  logger.error('Unexpected error', { error: error as Error, requestId });
  return { statusCode: 500, body: { message: 'Internal server error', requestId } satisfies ErrorResponse };
}
