/**
 * Named errors. Each class sets `name`; Step Functions matches those names in
 * Retry and Catch, so the names are API. `ErrorNames` is what infra/ uses to
 * build Retry/Catch rules: never spell an error name as a string literal.
 */

export const ErrorNames = {
  /** Input failed its schema. Never retried. */
  InputValidation: 'InputValidationError',
  /** The AWS API throttled us. Retried with backoff. */
  Throttling: 'ThrottlingError',
  /** An AWS API answered 5xx or the connection failed. Retried with backoff. */
  ServiceUnavailable: 'ServiceUnavailableError',
  /** AccessDenied from an AWS API or from AssumeRole. Never retried. */
  AccessDenied: 'AccessDeniedError',
  /** An AWS API rejected the request as invalid. Never retried. */
  AwsRequestRejected: 'AwsRequestRejectedError',
  /** A conditional write lost to a concurrent writer. Retried. */
  Conflict: 'ConflictError',
  /** A requested record does not exist. */
  NotFound: 'NotFoundError',
  /** Another run of the same sync holds its lock. */
  SyncAlreadyRunning: 'SyncAlreadyRunningError',
} as const;

export type ErrorName = (typeof ErrorNames)[keyof typeof ErrorNames];

/** Errors worth retrying: they can succeed on a later attempt. */
export const RETRYABLE_ERRORS: readonly ErrorName[] = [
  ErrorNames.Throttling,
  ErrorNames.ServiceUnavailable,
  ErrorNames.Conflict,
];

abstract class NamedError extends Error {
  abstract override readonly name: ErrorName;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface SchemaErrorDetail {
  readonly path: string;
  readonly message: string;
}

export class InputValidationError extends NamedError {
  readonly name = ErrorNames.InputValidation;
  constructor(
    message: string,
    readonly details: readonly SchemaErrorDetail[] = [],
  ) {
    super(message);
  }
}

export class ThrottlingError extends NamedError {
  readonly name = ErrorNames.Throttling;
}
export class ServiceUnavailableError extends NamedError {
  readonly name = ErrorNames.ServiceUnavailable;
}
export class AccessDeniedError extends NamedError {
  readonly name = ErrorNames.AccessDenied;
}
export class AwsRequestRejectedError extends NamedError {
  readonly name = ErrorNames.AwsRequestRejected;
}
export class ConflictError extends NamedError {
  readonly name = ErrorNames.Conflict;
}
export class NotFoundError extends NamedError {
  readonly name = ErrorNames.NotFound;
}
export class SyncAlreadyRunningError extends NamedError {
  readonly name = ErrorNames.SyncAlreadyRunning;
}
