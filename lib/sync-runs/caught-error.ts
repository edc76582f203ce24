import type { CaughtError } from '../../contracts/tasks/sync-common';

/**
 * The operator-readable message inside a Step Functions Cause. For a Lambda
 * error the Cause is JSON with errorMessage and a stack trace; the trace stays
 * in the logs, not in records.
 */
export function causeMessage(error: CaughtError, maxLength = 1024): string {
  let message = error.Cause ?? error.Error;
  try {
    const parsed = JSON.parse(message) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // Not JSON: the Cause is already a plain message.
  }
  return message.length > maxLength ? `${message.slice(0, maxLength - 1)}…` : message;
}
