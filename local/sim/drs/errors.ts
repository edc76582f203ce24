/** DRS error codes and the helpers the operations use to raise them. */
import { type CommonErrors, SimError } from '../errors';

export const DRS_ERRORS: CommonErrors = {
  throttle: { code: 'ThrottlingException', status: 429 },
  'server-error': { code: 'InternalServerException', status: 500 },
  'access-denied': { code: 'AccessDeniedException', status: 403 },
  'missing-auth': { code: 'MissingAuthenticationTokenException', status: 403 },
  'unknown-key': { code: 'UnrecognizedClientException', status: 403 },
  'expired-token': { code: 'ExpiredTokenException', status: 403 },
  'unknown-operation': { code: 'UnknownOperationException', status: 404 },
  validation: { code: 'ValidationException', status: 400 },
};

/** The model's ValidationException: `reason` from ValidationExceptionReason, the fields in `fieldList` ({ name, message }). */
export function validationError(message: string, field?: string): SimError {
  return new SimError('ValidationException', 400, message, {
    fields: { code: 'VALIDATION_ERROR', reason: field ? 'fieldValidationFailed' : 'other', ...(field ? { fieldList: [{ name: field, message }] } : {}) },
  });
}

/** A request the model refuses: one fieldList entry per problem ("request.maxResults: …"). */
export function inputValidationError(problems: string[]): SimError {
  const fieldList = problems.slice(0, 20).map((problem) => {
    const [where, ...rest] = problem.split(': ');
    return { name: where!.replace(/^request\.?/, '') || 'request', message: rest.join(': ') || problem };
  });
  return new SimError('ValidationException', 400, `Invalid request: ${problems.slice(0, 5).join('; ')}`, {
    fields: { code: 'VALIDATION_ERROR', reason: 'fieldValidationFailed', fieldList },
  });
}

export function notFound(resourceType: string, resourceId: string, message: string): SimError {
  return new SimError('ResourceNotFoundException', 404, message, { fields: { code: 'RESOURCE_NOT_FOUND', resourceId, resourceType } });
}

export function conflict(resourceType: string, resourceId: string, message: string): SimError {
  return new SimError('ConflictException', 409, message, { fields: { code: 'CONFLICT', resourceId, resourceType } });
}

export function quotaExceeded(quotaCode: string, message: string): SimError {
  return new SimError('ServiceQuotaExceededException', 402, message, {
    fields: { code: 'SERVICE_QUOTA_EXCEEDED', serviceCode: 'drs', quotaCode },
  });
}

/** DRS caps a page at 1000 items; without maxResults a page is that size. */
export const MAX_PAGE_SIZE = 1000;

export function pageSize(maxResults: number | undefined): number {
  if (maxResults === undefined) return MAX_PAGE_SIZE;
  if (maxResults > MAX_PAGE_SIZE) throw validationError(`maxResults must be at most ${MAX_PAGE_SIZE}`, 'maxResults');
  return maxResults;
}

export const invalidToken = () => validationError('The nextToken is not valid', 'nextToken');
