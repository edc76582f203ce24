import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, regionSchema } from '../common';
import { syncFindingSchema } from '../records/sync-run';
import {
  accountRegionInputProperties,
  accountRegionInputRequired,
  apiCallsSchema,
  beginRunInputProperties,
  beginRunInputRequired,
  completeRunInputProperties,
  completeRunInputRequired,
  countSchema,
  runIdentityProperties,
  runStatusSchema,
  scanTargetsSchema,
  syncResultsSchema,
  syncTriggerProperties,
} from './sync-common';

/** Input and output of each task of the staging-account sync (state-machines/staging-account-sync.ts). */

/** The execution input: the schedule sends { trigger: 'schedule' }; the API { trigger: 'manual', requestedBy, targetAccountId }. */
export const stagingAccountSyncInputSchema = {
  title: 'StagingAccountSyncInput',
  type: 'object',
  additionalProperties: false,
  properties: {
    ...syncTriggerProperties,
    targetAccountId: { ...accountIdSchema, description: 'Only this target account; every one when absent.' },
  },
} as const;
export type StagingAccountSyncInput = FromSchema<typeof stagingAccountSyncInputSchema>;

export const beginStagingSyncInputSchema = {
  title: 'BeginStagingSyncInput',
  type: 'object',
  additionalProperties: false,
  required: beginRunInputRequired,
  properties: { ...beginRunInputProperties, machineInput: stagingAccountSyncInputSchema },
} as const;
export type BeginStagingSyncInput = FromSchema<typeof beginStagingSyncInputSchema>;

const findingsSchema = { type: 'array', items: syncFindingSchema, maxItems: 200 } as const;
const warningsSchema = { type: 'array', items: { type: 'string', maxLength: 1024 }, maxItems: 20 } as const;

export const beginStagingSyncOutputSchema = {
  title: 'BeginStagingSyncOutput',
  type: 'object',
  additionalProperties: false,
  required: ['runId', 'startedAt', 'accountIds', 'scanTargets', 'fallback', 'findings'],
  properties: {
    ...runIdentityProperties,
    accountIds: { type: 'array', items: accountIdSchema, description: 'The target accounts this run locked and syncs.' },
    scanTargets: scanTargetsSchema,
    fallback: { type: 'boolean' },
    findings: { ...findingsSchema, description: 'Accounts skipped because another run holds their lock.' },
  },
} as const;
export type BeginStagingSyncOutput = FromSchema<typeof beginStagingSyncOutputSchema>;

export const planStagingExtensionsInputSchema = {
  title: 'PlanStagingExtensionsInput',
  type: 'object',
  additionalProperties: false,
  required: accountRegionInputRequired,
  properties: accountRegionInputProperties,
} as const;
export type PlanStagingExtensionsInput = FromSchema<typeof planStagingExtensionsInputSchema>;

/** The most servers one account-region extends in one run: the state stays small; the rest go next run. */
export const MAX_EXTENSIONS_PER_RUN = 300;

export const planStagingExtensionsOutputSchema = {
  title: 'PlanStagingExtensionsOutput',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'stagingAccountIds', 'extensible', 'candidates', 'findings', 'warnings', 'apiCalls'],
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    stagingAccountIds: { type: 'array', items: accountIdSchema, description: 'Configured on the target account, or found by ListStagingAccounts.' },
    extensible: { type: 'integer', minimum: 0, description: 'Servers ListExtensibleSourceServers listed.' },
    candidates: {
      type: 'array',
      maxItems: MAX_EXTENSIONS_PER_RUN,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['stagingAccountId', 'sourceServerArn'],
        properties: { stagingAccountId: accountIdSchema, sourceServerArn: { type: 'string', pattern: '^arn:', maxLength: 2048 }, hostname: { type: 'string', maxLength: 256 } },
      },
    },
    findings: findingsSchema,
    warnings: warningsSchema,
    apiCalls: apiCallsSchema,
  },
} as const;
export type PlanStagingExtensionsOutput = FromSchema<typeof planStagingExtensionsOutputSchema>;

export const extendSourceServersInputSchema = { ...planStagingExtensionsOutputSchema, title: 'ExtendSourceServersInput' } as const;
export type ExtendSourceServersInput = PlanStagingExtensionsOutput;

/** One account-region's result, kept in the run record. */
export const stagingSyncTargetResultSchema = {
  title: 'StagingSyncTargetResult',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'status', 'stagingAccounts', 'extensible', 'extended', 'notExtended', 'findings', 'warnings', 'apiCalls'],
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    status: { type: 'string', enum: ['SUCCEEDED', 'PARTIAL'], description: 'PARTIAL: some servers were not extended (see findings).' },
    stagingAccounts: { type: 'integer', minimum: 0 },
    extensible: { type: 'integer', minimum: 0 },
    extended: { type: 'integer', minimum: 0 },
    notExtended: { type: 'integer', minimum: 0 },
    findings: findingsSchema,
    warnings: warningsSchema,
    apiCalls: apiCallsSchema,
  },
} as const;
export type StagingSyncTargetResult = FromSchema<typeof stagingSyncTargetResultSchema>;
export const extendSourceServersOutputSchema = stagingSyncTargetResultSchema;

export const completeStagingSyncInputSchema = {
  title: 'CompleteStagingSyncInput',
  type: 'object',
  additionalProperties: false,
  required: [...completeRunInputRequired, 'accountIds'],
  properties: {
    ...completeRunInputProperties,
    accountIds: { type: 'array', items: accountIdSchema },
    skipped: findingsSchema,
    results: syncResultsSchema(stagingSyncTargetResultSchema),
  },
} as const;
export type CompleteStagingSyncInput = FromSchema<typeof completeStagingSyncInputSchema>;

export const completeStagingSyncOutputSchema = {
  title: 'CompleteStagingSyncOutput',
  type: 'object',
  additionalProperties: false,
  required: ['runId', 'status', 'durationMs', 'extensible', 'extended', 'notExtended', 'findings', 'regionsScanned', 'errorCount'],
  properties: {
    runId: { type: 'string' },
    status: runStatusSchema,
    durationMs: countSchema,
    extensible: { type: 'integer', minimum: 0 },
    extended: { type: 'integer', minimum: 0 },
    notExtended: { type: 'integer', minimum: 0 },
    findings: { type: 'integer', minimum: 0 },
    regionsScanned: { type: 'integer', minimum: 0 },
    errorCount: { type: 'integer', minimum: 0 },
  },
} as const;
export type CompleteStagingSyncOutput = FromSchema<typeof completeStagingSyncOutputSchema>;
