import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, isoDateTimeSchema, regionSchema } from '../common';

/** What one account-region of a sync did. */
export const syncTargetResultSchema = {
  title: 'SyncTargetResult',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'status', 'instancesProcessed', 'recordsRemoved', 'warnings'],
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    status: { type: 'string', enum: ['SUCCEEDED', 'PARTIAL', 'FAILED'], description: 'PARTIAL: records written without some details (e.g. EC2 failed).' },
    instancesProcessed: { type: 'integer', minimum: 0 },
    recordsRemoved: { type: 'integer', minimum: 0 },
    apiCalls: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 }, description: 'AWS calls made, by service.' },
    warnings: { type: 'array', items: { type: 'string', maxLength: 1024 }, maxItems: 20 },
    errorName: { type: 'string' },
    errorMessage: { type: 'string', maxLength: 2048 },
  },
} as const;
export type SyncTargetResult = FromSchema<typeof syncTargetResultSchema>;

/** One run of a sync state machine, newest first under its sync name. */
export const syncRunRecordSchema = {
  title: 'SyncRunRecord',
  type: 'object',
  additionalProperties: false,
  required: ['syncName', 'runId', 'executionArn', 'status', 'startedAt'],
  properties: {
    syncName: { type: 'string', enum: ['recovery-instance-sync', 'inventory-sync', 'staging-account-sync', 'tag-sync'] },
    runId: { type: 'string', description: 'startedAt followed by the execution name, so runs sort by time.' },
    executionArn: { type: 'string' },
    status: {
      type: 'string',
      enum: ['RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'TIMED_OUT', 'ABORTED'],
      description: 'TIMED_OUT and ABORTED: the execution timed out or was stopped, and the execution-ended rule recorded it.',
    },
    startedAt: isoDateTimeSchema,
    endedAt: isoDateTimeSchema,
    durationMs: { type: 'integer', minimum: 0 },
    instancesProcessed: { type: 'integer', minimum: 0 },
    recordsRemoved: { type: 'integer', minimum: 0 },
    regionsScanned: { type: 'integer', minimum: 0 },
    counts: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 }, description: 'Totals particular to one sync, e.g. tag-sync serversTagged.' },
    targets: { type: 'array', items: syncTargetResultSchema },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['message'],
        properties: {
          accountId: accountIdSchema,
          region: regionSchema,
          errorName: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;
export type SyncRunRecord = FromSchema<typeof syncRunRecordSchema>;
export type SyncName = SyncRunRecord['syncName'];
