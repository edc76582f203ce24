/**
 * Failures that belong to the HTTP layer itself (routing and authorization).
 * Domain failures use the named errors in lib/errors.ts; both are mapped to
 * statuses in error-mapping.ts.
 */
export class HttpError extends Error {
  override readonly name: string = 'HttpError';
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export class UnauthorizedError extends HttpError {
  override readonly name = 'UnauthorizedError';
  constructor() {
    super(401, 'Unauthorized: sign in and send the token as "Authorization: Bearer <token>"');
  }
}

export class ForbiddenError extends HttpError {
  override readonly name = 'ForbiddenError';
  constructor(operationId: string, least: string, held: string | null) {
    super(403, `Forbidden: ${operationId} needs the ${least} role or higher; you have ${held ?? 'no role'}`);
  }
}

export class RouteNotFoundError extends HttpError {
  override readonly name = 'RouteNotFoundError';
  constructor(what: string) {
    super(404, `No such operation: ${what}`);
  }
}

export class MethodNotAllowedError extends HttpError {
  override readonly name = 'MethodNotAllowedError';
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(405, `${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`, { Allow: allowed.join(', ') });
  }
}

/**
 * A route of the other kind reached this function (a direct invocation of the
 * wrong function, or a gateway wired wrongly): refused before anything runs,
 * so the read function never attempts a write (and answers why, not a 500).
 */
export class RouteServedElsewhereError extends HttpError {
  override readonly name = 'RouteServedElsewhereError';
  constructor(operationId: string, effect: string, served: string) {
    super(404, `No such operation here: ${operationId} is a ${effect} operation, served by the API's ${effect} function; this is the ${served} function`);
  }
}
