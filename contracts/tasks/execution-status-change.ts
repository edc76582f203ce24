import type { FromSchema } from 'json-schema-to-ts';
import { executionArnSchema } from '../common';

/**
 * "Step Functions Execution Status Change" as EventBridge delivers it, for
 * the statuses the orchestrator's end-of-execution rule selects. Only the
 * fields the handler reads are required; the envelope and detail keep any
 * others Step Functions adds.
 */
export const executionEndedEventSchema = {
  title: 'ExecutionEndedEvent',
  type: 'object',
  required: ['source', 'detail-type', 'detail'],
  properties: {
    source: { const: 'aws.states' },
    'detail-type': { const: 'Step Functions Execution Status Change' },
    detail: {
      type: 'object',
      required: ['executionArn', 'stateMachineArn', 'name', 'status', 'startDate'],
      properties: {
        executionArn: executionArnSchema,
        stateMachineArn: { type: 'string', pattern: '^arn:aws[a-z-]*:states:[^:]*:[0-9]{12}:stateMachine:[^:]+$' },
        name: { type: 'string', minLength: 1, maxLength: 80 },
        status: { type: 'string', enum: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
        startDate: { type: 'integer', minimum: 0, description: 'Epoch milliseconds.' },
        stopDate: { type: ['integer', 'null'], minimum: 0 },
        error: { type: ['string', 'null'] },
        cause: { type: ['string', 'null'] },
      },
    },
  },
} as const;
export type ExecutionEndedEvent = FromSchema<typeof executionEndedEventSchema>;

export const releaseEndedExecutionOutputSchema = {
  title: 'ReleaseEndedExecutionOutput',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'status', 'recordUpdated', 'lockReleased'],
  properties: {
    executionArn: executionArnSchema,
    status: { type: 'string', enum: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
    recordUpdated: { type: 'boolean', description: 'False when the run had no record, or its own Catch had already recorded the end.' },
    lockReleased: { type: 'boolean', description: 'False when the execution held no lock (any more).' },
  },
} as const;
export type ReleaseEndedExecutionOutput = FromSchema<typeof releaseEndedExecutionOutputSchema>;
