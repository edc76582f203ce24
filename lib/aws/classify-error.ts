import {
  AccessDeniedError,
  AwsRequestRejectedError,
  ServiceUnavailableError,
  ThrottlingError,
} from '../errors';

/** Error codes the AWS services we call use for throttling. */
const THROTTLING_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestThrottled',
  'SlowDown',
]);

const ACCESS_DENIED_CODES = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'AuthFailure',
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'TimeoutError']);

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: 'client' | 'server';
}

/**
 * Turns an AWS SDK error into one of our named errors, so that Step Functions
 * Retry/Catch and the API layer can treat it by kind rather than by service.
 * `context` says what was being done, for the message an operator reads.
 */
export function classifyAwsError(error: unknown, context: string): Error {
  const e = (error ?? {}) as SdkLikeError;
  const code = e.name ?? e.code ?? 'UnknownError';
  const status = e.$metadata?.httpStatusCode;
  const message = `${context}: ${code}${e.message ? `: ${e.message}` : ''}`;
  if (THROTTLING_CODES.has(code) || status === 429) return new ThrottlingError(message, { cause: error });
  if (ACCESS_DENIED_CODES.has(code) || status === 403) return new AccessDeniedError(message, { cause: error });
  if (e.$fault === 'server' || (status !== undefined && status >= 500) || NETWORK_CODES.has(code) || NETWORK_CODES.has(e.code ?? '')) {
    return new ServiceUnavailableError(message, { cause: error });
  }
  return new AwsRequestRejectedError(message, { cause: error });
}

/** Runs an AWS call and rethrows its failure as a named error. */
export async function callAws<T>(context: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw classifyAwsError(error, context);
  }
}
