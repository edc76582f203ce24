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

/**
 * Something a sync found that an operator must act on (the staging-account
 * sync: a quota reached, a server whose volumes use the default EBS key, a
 * staging account that does not trust the target), with the remedy.
 */
export const syncFindingSchema = {
  title: 'SyncFinding',
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'accountId', 'region', 'message', 'remedy'],
  properties: {
    kind: {
      type: 'string',
      enum: ['SERVICE_QUOTA_EXCEEDED', 'DEFAULT_EBS_KEY', 'STAGING_ACCOUNT_NOT_TRUSTED', 'STAGING_ACCOUNT_NOT_CONFIGURED', 'EXTENSION_REFUSED', 'ACCOUNT_SKIPPED_OVERLAP'],
    },
    accountId: accountIdSchema,
    region: regionSchema,
    stagingAccountId: accountIdSchema,
    sourceServerArn: { type: 'string', maxLength: 2048 },
    hostname: { type: 'string', maxLength: 256 },
    message: { type: 'string', maxLength: 2048 },
    remedy: { type: 'string', maxLength: 1024 },
  },
} as const;
export type SyncFinding = FromSchema<typeof syncFindingSchema>;

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
    findings: { type: 'array', items: syncFindingSchema, maxItems: 200 },
    /** Locks the run holds besides (or instead of) the sync's own, e.g. one per target account: whoever ends the run releases them. */
    lockScopes: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 500 },
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
