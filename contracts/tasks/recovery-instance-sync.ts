import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, executionArnSchema, regionSchema, sourceServerIdSchema } from '../common';
import { recoveryInstanceSyncInputSchema } from '../machines/recovery-instance-sync';
import { syncTargetResultSchema } from '../records/sync-run';
import {
  accountRegionInputProperties,
  beginRunInputProperties,
  beginRunInputRequired,
  completeRunInputProperties,
  completeRunInputRequired,
  countSchema,
  failedSyncTargetSchema,
  runIdentityProperties,
  runStatusSchema,
  scanTargetSchema,
} from './sync-common';

export { caughtErrorSchema, failedSyncTargetSchema, regionScanReasonSchema, scanTargetSchema } from './sync-common';
export type { CaughtError, FailedSyncTarget, ScanTarget } from './sync-common';

/** Input and output of each task of the recovery-instance-sync workflow. State carries ids and counts only. */

export const beginSyncRunInputSchema = {
  title: 'BeginSyncRunInput',
  type: 'object',
  additionalProperties: false,
  required: beginRunInputRequired,
  properties: {
    ...beginRunInputProperties,
    machineInput: { ...recoveryInstanceSyncInputSchema, description: 'The execution input, checked before the run takes the lock.' },
  },
} as const;
export type BeginSyncRunInput = FromSchema<typeof beginSyncRunInputSchema>;

export const beginSyncRunOutputSchema = {
  title: 'BeginSyncRunOutput',
  type: 'object',
  additionalProperties: false,
  required: ['runId', 'startedAt'],
  properties: runIdentityProperties,
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
    ...accountRegionInputProperties,
    runId: { type: 'string' },
    reason: { ...accountRegionInputProperties.reason, description: 'Why the filter kept this account-region; any reason but active records its region status.' },
  },
} as const;
export type SyncAccountRegionInput = FromSchema<typeof syncAccountRegionInputSchema>;

export const syncAccountRegionOutputSchema = syncTargetResultSchema;

export const completeSyncRunInputSchema = {
  title: 'CompleteSyncRunInput',
  type: 'object',
  additionalProperties: false,
  required: completeRunInputRequired,
  properties: {
    ...completeRunInputProperties,
    // oneOf (the later syncs say anyOf): a failed target never matches a result, so the two agree.
    results: { type: 'array', items: { oneOf: [syncTargetResultSchema, failedSyncTargetSchema] } },
    unregisteredRecordsRemoved: { ...countSchema, description: 'Records of accounts and regions no longer registered, removed by RemoveUnregisteredRecords.' },
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
    status: runStatusSchema,
    durationMs: countSchema,
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
