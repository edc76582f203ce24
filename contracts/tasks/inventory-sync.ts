import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, executionArnSchema, isoDateTimeSchema, regionSchema } from '../common';
import { caughtErrorSchema, regionScanReasonSchema, scanTargetSchema } from './recovery-instance-sync';

/** Input and output of each task of the inventory-sync workflow (state-machines/inventory-sync.ts). */

/** The execution input: the schedule sends { trigger: 'schedule' }, the API { trigger: 'manual', requestedBy }. */
export const inventorySyncInputSchema = {
  title: 'InventorySyncInput',
  type: 'object',
  additionalProperties: false,
  properties: {
    trigger: { type: 'string', enum: ['schedule', 'manual'] },
    requestedBy: { type: 'string', maxLength: 256 },
  },
} as const;
export type InventorySyncInput = FromSchema<typeof inventorySyncInputSchema>;

export const beginInventorySyncInputSchema = {
  title: 'BeginInventorySyncInput',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'startedAt', 'machineInput'],
  properties: { executionArn: executionArnSchema, startedAt: isoDateTimeSchema, machineInput: inventorySyncInputSchema },
} as const;
export type BeginInventorySyncInput = FromSchema<typeof beginInventorySyncInputSchema>;

/** What the active-region filter decided, carried to the run record and the metrics. */
const regionPlanSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['regionsFound', 'regionsScanned', 'regionsSkipped', 'callsSavedPercent', 'fallback'],
  properties: {
    regionsFound: { type: 'integer', minimum: 0 },
    regionsScanned: { type: 'integer', minimum: 0 },
    regionsSkipped: { type: 'integer', minimum: 0 },
    callsSavedPercent: { type: 'number', minimum: 0, maximum: 100 },
    fallback: { type: 'boolean' },
  },
} as const;

export const beginInventorySyncOutputSchema = {
  title: 'BeginInventorySyncOutput',
  type: 'object',
  additionalProperties: false,
  required: ['runId', 'startedAt', 'scanTargets', 'plan'],
  properties: {
    runId: { type: 'string' },
    startedAt: isoDateTimeSchema,
    scanTargets: { type: 'array', items: scanTargetSchema, maxItems: 2000 },
    plan: regionPlanSchema,
  },
} as const;
export type BeginInventorySyncOutput = FromSchema<typeof beginInventorySyncOutputSchema>;

export const syncInventoryAccountRegionInputSchema = {
  title: 'SyncInventoryAccountRegionInput',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'accountId', 'region', 'reason'],
  properties: { executionArn: executionArnSchema, accountId: accountIdSchema, region: regionSchema, reason: regionScanReasonSchema },
} as const;
export type SyncInventoryAccountRegionInput = FromSchema<typeof syncInventoryAccountRegionInputSchema>;

const count = { type: 'integer', minimum: 0 } as const;

/** One account-region's result, kept in the run record. */
export const inventoryTargetResultSchema = {
  title: 'InventoryTargetResult',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'status', 'initialized', 'serversFound', 'recordsRemoved', 'topologyCaptured', 'topologyMissing', 'warnings', 'apiCalls'],
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    status: { type: 'string', enum: ['SUCCEEDED', 'PARTIAL'] },
    initialized: { type: 'boolean', description: 'False when DRS was never set up in the account-region.' },
    serversFound: count,
    recordsRemoved: count,
    topologyCaptured: { ...count, description: 'Servers seen for the first time whose original topology was recorded.' },
    topologyMissing: { ...count, description: 'Servers whose original topology is not known (warned, not guessed).' },
    warnings: { type: 'array', items: { type: 'string', maxLength: 1024 }, maxItems: 20 },
    apiCalls: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
  },
} as const;
export type InventoryTargetResult = FromSchema<typeof inventoryTargetResultSchema>;
export const syncInventoryAccountRegionOutputSchema = inventoryTargetResultSchema;

export const completeInventorySyncInputSchema = {
  title: 'CompleteInventorySyncInput',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'runId', 'startedAt', 'plan'],
  properties: {
    executionArn: executionArnSchema,
    runId: { type: 'string' },
    startedAt: isoDateTimeSchema,
    plan: regionPlanSchema,
    results: {
      type: 'array',
      items: {
        anyOf: [
          inventoryTargetResultSchema,
          {
            type: 'object',
            additionalProperties: false,
            required: ['accountId', 'region', 'error'],
            properties: { accountId: accountIdSchema, region: regionSchema, error: caughtErrorSchema },
          },
        ],
      },
    },
    failure: caughtErrorSchema,
  },
} as const;
export type CompleteInventorySyncInput = FromSchema<typeof completeInventorySyncInputSchema>;

export const completeInventorySyncOutputSchema = {
  title: 'CompleteInventorySyncOutput',
  type: 'object',
  additionalProperties: false,
  required: ['runId', 'status', 'durationMs', 'serversFound', 'recordsRemoved', 'topologyMissing', 'regionsScanned', 'regionsSkipped', 'drsCalls', 'errorCount'],
  properties: {
    runId: { type: 'string' },
    status: { type: 'string', enum: ['SUCCEEDED', 'PARTIAL', 'FAILED'] },
    durationMs: count,
    serversFound: count,
    recordsRemoved: count,
    topologyMissing: count,
    regionsScanned: count,
    regionsSkipped: count,
    drsCalls: count,
    errorCount: count,
  },
} as const;
export type CompleteInventorySyncOutput = FromSchema<typeof completeInventorySyncOutputSchema>;
