import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, executionArnSchema, isoDateTimeSchema, regionSchema, sourceServerIdSchema } from '../common';
import { recoveryInstanceSyncInputSchema } from '../machines/recovery-instance-sync';
import { syncTargetResultSchema } from '../records/sync-run';

/** Input and output of each task of the recovery-instance-sync workflow. State carries ids and counts only. */

export const beginSyncRunInputSchema = {
  title: 'BeginSyncRunInput',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'startedAt', 'machineInput'],
  properties: {
    executionArn: executionArnSchema,
    startedAt: isoDateTimeSchema,
    machineInput: { ...recoveryInstanceSyncInputSchema, description: 'The execution input, checked before the run takes the lock.' },
  },
} as const;
export type BeginSyncRunInput = FromSchema<typeof beginSyncRunInputSchema>;

export const beginSyncRunOutputSchema = {
  title: 'BeginSyncRunOutput',
  type: 'object',
  additionalProperties: false,
  required: ['runId', 'startedAt'],
  properties: { runId: { type: 'string' }, startedAt: isoDateTimeSchema },
} as const;
export type BeginSyncRunOutput = FromSchema<typeof beginSyncRunOutputSchema>;

export const listSyncTargetsInputSchema = {
  title: 'ListSyncTargetsInput',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn'],
  properties: { executionArn: executionArnSchema },
} as const;
export type ListSyncTargetsInput = FromSchema<typeof listSyncTargetsInputSchema>;

export const syncTargetSchema = {
  title: 'SyncTarget',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region'],
  properties: { accountId: accountIdSchema, region: regionSchema },
} as const;
export type SyncTarget = FromSchema<typeof syncTargetSchema>;

/** Why the active-region filter keeps an account-region (lib/regions/active-region-filter.ts). */
export const regionScanReasonSchema = { type: 'string', enum: ['active', 'unknown', 'last-scan-failed', 'recheck-quiet', 'fallback'] } as const;

export const scanTargetSchema = {
  title: 'ScanTarget',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'reason'],
  properties: { accountId: accountIdSchema, region: regionSchema, reason: regionScanReasonSchema },
} as const;
export type ScanTarget = FromSchema<typeof scanTargetSchema>;

export const listSyncTargetsOutputSchema = {
  title: 'ListSyncTargetsOutput',
  type: 'object',
  additionalProperties: false,
  required: ['targets', 'targetCount', 'scanTargets', 'scanCount', 'regionsSkipped', 'fallback', 'callsSavedPercent'],
  properties: {
    targets: { type: 'array', items: syncTargetSchema, maxItems: 2000, description: 'Every registered account-region (what the cache may hold).' },
    targetCount: { type: 'integer', minimum: 0 },
    scanTargets: { type: 'array', items: scanTargetSchema, maxItems: 2000, description: 'The account-regions the active-region filter keeps: the ones synced.' },
    scanCount: { type: 'integer', minimum: 0 },
    regionsSkipped: { type: 'integer', minimum: 0 },
    fallback: { type: 'boolean', description: 'The region status table was empty or unreadable: every region is scanned and its status recorded.' },
    callsSavedPercent: { type: 'number', minimum: 0, maximum: 100 },
  },
} as const;
export type ListSyncTargetsOutput = FromSchema<typeof listSyncTargetsOutputSchema>;

export const removeUnregisteredRecordsInputSchema = {
  title: 'RemoveUnregisteredRecordsInput',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'targets'],
  properties: {
    executionArn: executionArnSchema,
    targets: { type: 'array', items: syncTargetSchema, maxItems: 2000, description: 'Every registered account-region; records of any other are removed.' },
  },
} as const;
export type RemoveUnregisteredRecordsInput = FromSchema<typeof removeUnregisteredRecordsInputSchema>;

export const removeUnregisteredRecordsOutputSchema = {
  title: 'RemoveUnregisteredRecordsOutput',
  type: 'object',
  additionalProperties: false,
  required: ['recordsRemoved', 'accountRegions'],
  properties: {
    recordsRemoved: { type: 'integer', minimum: 0 },
    accountRegions: {
      type: 'array',
      items: syncTargetSchema,
      maxItems: 200,
      description: 'The unregistered account-regions whose records were removed (the first 200).',
    },
  },
} as const;
export type RemoveUnregisteredRecordsOutput = FromSchema<typeof removeUnregisteredRecordsOutputSchema>;

export const syncAccountRegionInputSchema = {
  title: 'SyncAccountRegionInput',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'runId', 'accountId', 'region'],
  properties: {
    executionArn: executionArnSchema,
    runId: { type: 'string' },
    accountId: accountIdSchema,
    region: regionSchema,
    reason: { ...regionScanReasonSchema, description: 'Why the filter kept this account-region; any reason but active records its region status.' },
  },
} as const;
export type SyncAccountRegionInput = FromSchema<typeof syncAccountRegionInputSchema>;

export const syncAccountRegionOutputSchema = syncTargetResultSchema;

/** What a Catch hands on when one account-region failed: the Error and Cause Step Functions recorded. */
export const caughtErrorSchema = {
  title: 'CaughtError',
  type: 'object',
  required: ['Error'],
  properties: { Error: { type: 'string' }, Cause: { type: 'string' } },
} as const;
export type CaughtError = FromSchema<typeof caughtErrorSchema>;

export const failedSyncTargetSchema = {
  title: 'FailedSyncTarget',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'error'],
  properties: { accountId: accountIdSchema, region: regionSchema, error: caughtErrorSchema },
} as const;
export type FailedSyncTarget = FromSchema<typeof failedSyncTargetSchema>;

export const completeSyncRunInputSchema = {
  title: 'CompleteSyncRunInput',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'runId', 'startedAt'],
  properties: {
    executionArn: executionArnSchema,
    runId: { type: 'string' },
    startedAt: isoDateTimeSchema,
    results: { type: 'array', items: { oneOf: [syncTargetResultSchema, failedSyncTargetSchema] } },
    unregisteredRecordsRemoved: { type: 'integer', minimum: 0, description: 'Records of accounts and regions no longer registered, removed by RemoveUnregisteredRecords.' },
    failure: { ...caughtErrorSchema, description: 'Set when the run failed as a whole.' },
  },
} as const;
export type CompleteSyncRunInput = FromSchema<typeof completeSyncRunInputSchema>;

export const completeSyncRunOutputSchema = {
  title: 'CompleteSyncRunOutput',
  type: 'object',
  additionalProperties: false,
  required: ['runId', 'status', 'durationMs', 'instancesProcessed', 'regionsScanned', 'errorCount'],
  properties: {
    runId: { type: 'string' },
    status: { type: 'string', enum: ['SUCCEEDED', 'PARTIAL', 'FAILED'] },
    durationMs: { type: 'integer', minimum: 0 },
    instancesProcessed: { type: 'integer', minimum: 0 },
    regionsScanned: { type: 'integer', minimum: 0 },
    errorCount: { type: 'integer', minimum: 0 },
  },
} as const;
export type CompleteSyncRunOutput = FromSchema<typeof completeSyncRunOutputSchema>;

export const syncWaveServersInputSchema = {
  title: 'SyncWaveServersInput',
  type: 'object',
  additionalProperties: false,
  required: ['executionId', 'accountId', 'region', 'sourceServerIds'],
  properties: {
    executionArn: executionArnSchema,
    executionId: { type: 'string', minLength: 1, maxLength: 128, description: 'The orchestrator execution whose wave just completed.' },
    planName: { type: 'string', maxLength: 256 },
    accountId: accountIdSchema,
    region: regionSchema,
    sourceServerIds: { type: 'array', items: sourceServerIdSchema, minItems: 1, maxItems: 1000, uniqueItems: true },
  },
} as const;
export type SyncWaveServersInput = FromSchema<typeof syncWaveServersInputSchema>;

export const syncWaveServersOutputSchema = {
  title: 'SyncWaveServersOutput',
  type: 'object',
  additionalProperties: false,
  required: ['status', 'instancesSynced', 'serversWithoutInstance', 'warnings'],
  properties: {
    status: { type: 'string', enum: ['SUCCEEDED', 'PARTIAL', 'FAILED'] },
    instancesSynced: { type: 'integer', minimum: 0 },
    serversWithoutInstance: { type: 'integer', minimum: 0 },
    warnings: { type: 'array', items: { type: 'string' } },
    errorName: { type: 'string' },
    errorMessage: { type: 'string' },
  },
} as const;
export type SyncWaveServersOutput = FromSchema<typeof syncWaveServersOutputSchema>;
