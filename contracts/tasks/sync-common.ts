import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, executionArnSchema, isoDateTimeSchema, regionSchema } from '../common';

/**
 * Schema fragments every account-region sync's tasks share (decision 29): what
 * the building blocks of state-machines/lib/sync-states.ts hand each task, and
 * what an iteration's Catch leaves in the results. A sync's own contract
 * (contracts/tasks/<sync>.ts) spreads these and adds its own fields.
 */

/** Why the active-region filter keeps an account-region (lib/regions/active-region-filter.ts). */
export const regionScanReasonSchema = { type: 'string', enum: ['active', 'unknown', 'last-scan-failed', 'recheck-quiet', 'fallback'] } as const;

/** One account-region the active-region filter planned: one iteration of SyncAccountRegions. */
export const scanTargetSchema = {
  title: 'ScanTarget',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'reason'],
  properties: { accountId: accountIdSchema, region: regionSchema, reason: regionScanReasonSchema },
} as const;
export type ScanTarget = FromSchema<typeof scanTargetSchema>;

/** The properties of a sync's execution input both the schedule ({ trigger: 'schedule' }) and the API ({ trigger: 'manual', requestedBy }) send. */
export const syncTriggerProperties = {
  trigger: { type: 'string', enum: ['schedule', 'manual'] },
  requestedBy: { type: 'string', maxLength: 256 },
} as const;

/** The begin task's input (beginRunTask): the execution's ARN and start, and its input, checked before the lock. */
export const beginRunInputRequired = ['executionArn', 'startedAt', 'machineInput'] as const;
export const beginRunInputProperties = { executionArn: executionArnSchema, startedAt: isoDateTimeSchema } as const;

/** What the begin task returns that every later state uses (`$.run.runId`, `$.run.startedAt`). */
export const runIdentityProperties = { runId: { type: 'string' }, startedAt: isoDateTimeSchema } as const;

/** The planned account-regions a begin task returns (`$.run.scanTargets`, the Map's items). */
export const scanTargetsSchema = { type: 'array', items: scanTargetSchema, maxItems: 2000 } as const;

/** What every iteration of accountRegionMap gets, beside the fields a sync carries. */
export const accountRegionInputRequired = ['executionArn', 'accountId', 'region', 'reason'] as const;
export const accountRegionInputProperties = {
  executionArn: executionArnSchema,
  accountId: accountIdSchema,
  region: regionSchema,
  reason: regionScanReasonSchema,
} as const;

/** What a Catch hands on: the Error and Cause Step Functions recorded. */
export const caughtErrorSchema = {
  title: 'CaughtError',
  type: 'object',
  required: ['Error'],
  properties: { Error: { type: 'string' }, Cause: { type: 'string' } },
} as const;
export type CaughtError = FromSchema<typeof caughtErrorSchema>;

/** An account-region whose iteration failed: RecordTargetFailure's output, in the Map's results. */
export const failedSyncTargetSchema = {
  title: 'FailedSyncTarget',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'error'],
  properties: { accountId: accountIdSchema, region: regionSchema, error: caughtErrorSchema },
} as const;
export type FailedSyncTarget = FromSchema<typeof failedSyncTargetSchema>;

/** The complete task's input (completeRunTask and failRunWith) every sync shares; `results` is the sync's own. */
export const completeRunInputRequired = ['executionArn', 'runId', 'startedAt'] as const;
export const completeRunInputProperties = {
  executionArn: executionArnSchema,
  ...runIdentityProperties,
  failure: { ...caughtErrorSchema, description: 'Set when the run failed as a whole (RecordRunFailure).' },
} as const;

/** The Map's results: each iteration's own result or a failed account-region. */
export function syncResultsSchema<const Result extends object>(result: Result) {
  return { type: 'array', items: { anyOf: [result, failedSyncTargetSchema] } } as const;
}

/** A run's status on completion: PARTIAL when some account-regions failed, FAILED when the run did. */
export const runStatusSchema = { type: 'string', enum: ['SUCCEEDED', 'PARTIAL', 'FAILED'] } as const;

/** An account-region's status: PARTIAL when some of its work was refused or skipped. */
export const targetStatusSchema = { type: 'string', enum: ['SUCCEEDED', 'PARTIAL'] } as const;

export const countSchema = { type: 'integer', minimum: 0 } as const;

/** AWS calls an iteration made, by service (the benches and metrics add them up). */
export const apiCallsSchema = { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } } as const;
