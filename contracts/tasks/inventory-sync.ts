import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, regionSchema } from '../common';
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
  targetStatusSchema,
} from './sync-common';

/** Input and output of each task of the inventory-sync workflow (state-machines/inventory-sync.ts). */

/** The execution input: the schedule sends { trigger: 'schedule' }, the API { trigger: 'manual', requestedBy }. */
export const inventorySyncInputSchema = {
  title: 'InventorySyncInput',
  type: 'object',
  additionalProperties: false,
  properties: syncTriggerProperties,
} as const;
export type InventorySyncInput = FromSchema<typeof inventorySyncInputSchema>;

export const beginInventorySyncInputSchema = {
  title: 'BeginInventorySyncInput',
  type: 'object',
  additionalProperties: false,
  required: beginRunInputRequired,
  properties: { ...beginRunInputProperties, machineInput: inventorySyncInputSchema },
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
    ...runIdentityProperties,
    scanTargets: scanTargetsSchema,
    plan: regionPlanSchema,
  },
} as const;
export type BeginInventorySyncOutput = FromSchema<typeof beginInventorySyncOutputSchema>;

export const syncInventoryAccountRegionInputSchema = {
  title: 'SyncInventoryAccountRegionInput',
  type: 'object',
  additionalProperties: false,
  required: accountRegionInputRequired,
  properties: accountRegionInputProperties,
} as const;
export type SyncInventoryAccountRegionInput = FromSchema<typeof syncInventoryAccountRegionInputSchema>;

const count = countSchema;

/** One account-region's result, kept in the run record. */
export const inventoryTargetResultSchema = {
  title: 'InventoryTargetResult',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'status', 'initialized', 'serversFound', 'recordsRemoved', 'topologyCaptured', 'topologyMissing', 'warnings', 'apiCalls'],
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    status: targetStatusSchema,
    initialized: { type: 'boolean', description: 'False when DRS was never set up in the account-region.' },
    serversFound: count,
    recordsRemoved: count,
    topologyCaptured: { ...count, description: 'Servers seen for the first time whose original topology was recorded.' },
    topologyMissing: { ...count, description: 'Servers whose original topology is not known (warned, not guessed).' },
    warnings: { type: 'array', items: { type: 'string', maxLength: 1024 }, maxItems: 20 },
    apiCalls: apiCallsSchema,
  },
} as const;
export type InventoryTargetResult = FromSchema<typeof inventoryTargetResultSchema>;
export const syncInventoryAccountRegionOutputSchema = inventoryTargetResultSchema;

export const completeInventorySyncInputSchema = {
  title: 'CompleteInventorySyncInput',
  type: 'object',
  additionalProperties: false,
  required: [...completeRunInputRequired, 'plan'],
  properties: { ...completeRunInputProperties, plan: regionPlanSchema, results: syncResultsSchema(inventoryTargetResultSchema) },
} as const;
export type CompleteInventorySyncInput = FromSchema<typeof completeInventorySyncInputSchema>;

export const completeInventorySyncOutputSchema = {
  title: 'CompleteInventorySyncOutput',
  type: 'object',
  additionalProperties: false,
  required: ['runId', 'status', 'durationMs', 'serversFound', 'recordsRemoved', 'topologyMissing', 'regionsScanned', 'regionsSkipped', 'drsCalls', 'errorCount'],
  properties: {
    runId: { type: 'string' },
    status: runStatusSchema,
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
