/**
 * An error a simulated service returns. `code` is the service's own error code
 * (what the SDK surfaces as `error.name`); the protocol layer decides how it
 * travels on the wire (header, JSON `__type`, or XML `<Code>`).
 */
export class SimError extends Error {
  override readonly name = 'SimError';

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: {
      retryAfterSeconds?: number;
      /** Extra members of the error shape, named as in the model, e.g. DRS `resourceId` or `fieldList`. */
      fields?: Record<string, unknown>;
      /** awsQuery `<Type>`: Sender for 4xx, Receiver for 5xx. */
      type?: 'Sender' | 'Receiver';
    } = {},
  ) {
    super(message);
  }
}

/** The kinds of failure every service can produce, mapped per service to its own codes. */
export type CommonErrorKind =
  | 'throttle'
  | 'server-error'
  | 'access-denied'
  | 'missing-auth'
  | 'unknown-key'
  | 'expired-token'
  | 'unknown-operation'
  | 'validation';

export type CommonErrors = Record<CommonErrorKind, { code: string; status: number }>;

export function commonError(
  table: CommonErrors,
  kind: CommonErrorKind,
  message: string,
  extra?: SimError['extra'],
): SimError {
  const { code, status } = table[kind];
  return new SimError(code, status, message, extra);
}
