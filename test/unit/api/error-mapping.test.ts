import '../../support/api/env';
import { errorResult } from '../../../api/framework/error-mapping';
import { ForbiddenError, MethodNotAllowedError, RouteNotFoundError, UnauthorizedError } from '../../../api/framework/http-errors';
import {
  AccessDeniedError,
  AwsRequestRejectedError,
  ConflictError,
  InputValidationError,
  NotFoundError,
  ServiceUnavailableError,
  SyncAlreadyRunningError,
  ThrottlingError,
} from '../../../lib/errors';

describe('errorResult', () => {
  it('answers schema errors with 400 and each error', () => {
    const result = errorResult(new InputValidationError('bad', [{ path: '/body/name', message: 'must be string' }]), 'r1');
    expect(result).toEqual({ statusCode: 400, body: { message: 'bad', errors: [{ path: '/body/name', message: 'must be string' }] } });
  });

  it.each([
    [new NotFoundError('gone'), 404],
    [new ConflictError('exists'), 409],
    [new SyncAlreadyRunningError('busy'), 409],
    [new UnauthorizedError(), 401],
    [new ForbiddenError('op', 'Admin', 'ReadOnly'), 403],
    [new RouteNotFoundError('GET /x'), 404],
    [new MethodNotAllowedError('PUT', '/x', ['GET']), 405],
    [new AccessDeniedError('AssumeRole: AccessDenied'), 502],
    [new AwsRequestRejectedError('ValidationException'), 502],
    [new ThrottlingError('ThrottlingException'), 503],
    [new ServiceUnavailableError('InternalServerException'), 503],
  ])('maps %p to %i', (error, statusCode) => {
    expect(errorResult(error, 'r1').statusCode).toBe(statusCode);
  });

  it('tells the caller how to fix an AWS AccessDenied, without blaming their own role', () => {
    const { statusCode, body } = errorResult(new AccessDeniedError('AssumeRole arn:aws:iam::1:role/x: AccessDenied'), 'r1');
    expect(statusCode).toBe(502);
    expect((body as { message: string }).message).toMatch(/trust policy and ExternalId/);
  });

  it('sends Allow with a 405 and Retry-After with a 503', () => {
    expect(errorResult(new MethodNotAllowedError('PUT', '/x', ['GET', 'POST']), 'r1').headers).toEqual({ Allow: 'GET, POST' });
    expect(errorResult(new ThrottlingError('slow down'), 'r1').headers).toEqual({ 'Retry-After': '5' });
  });

  it('hides an unexpected error behind a generic 500 that carries the request id', () => {
    const result = errorResult(new TypeError('secret internals at line 3'), 'req-42');
    expect(result).toEqual({ statusCode: 500, body: { message: 'Internal server error', requestId: 'req-42' } });
  });
});
