import type { EventBridgeEvent } from 'aws-lambda';
import { InputValidationError } from '../../../lib/errors';
import type { ApiRequest } from '../dispatch';
import type { ApiResult } from '../error-mapping';
import type { Router } from '../router';
import { directRequest, isDirectRequest } from './direct';

/**
 * An EventBridge schedule. The rule's target input keeps the event envelope
 * and names the operation in `detail`, exactly like a direct request:
 * `{ "detail-type": "Scheduled Event", "source": "aws.events", "detail": { "operation": "…", …params } }`.
 * See docs/api.md for the CDK rule target that produces it.
 */
export type ScheduledEvent = EventBridgeEvent<'Scheduled Event', Record<string, unknown>>;

export function isScheduledEvent(event: unknown): event is ScheduledEvent {
  return typeof event === 'object' && event !== null && (event as Record<string, unknown>)['detail-type'] === 'Scheduled Event';
}

export function scheduledRequest(event: ScheduledEvent, router: Router, requestId: string): ApiRequest {
  const detail = event.detail;
  if (!isDirectRequest(detail)) {
    throw new InputValidationError('A scheduled event must name its operation in detail.operation', [
      { path: '/detail/operation', message: 'must be an operation name' },
    ]);
  }
  return directRequest(detail, router, requestId);
}

/**
 * Thrown when a scheduled operation does not succeed, so the failure counts in
 * the function's Errors metric and reaches its async retry and failure
 * destination instead of vanishing in a return value no one reads.
 */
export class ScheduledOperationError extends Error {
  override readonly name = 'ScheduledOperationError';
  constructor(event: ScheduledEvent, result: ApiResult) {
    const operation = (event.detail as { operation?: unknown } | undefined)?.operation;
    const message = (result.body as { message?: unknown } | null)?.message;
    super(`Scheduled operation ${String(operation)} (rule ${event.resources?.[0] ?? 'unknown'}) answered ${result.statusCode}: ${String(message)}`);
  }
}
