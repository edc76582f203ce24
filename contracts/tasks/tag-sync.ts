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

/** Input and output of each task of the tag-sync workflow (state-machines/tag-sync.ts). */

const selectionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['includePrefixes', 'excludePrefixes'],
  properties: {
    includePrefixes: { type: 'array', items: { type: 'string' } },
    excludePrefixes: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** The execution input: the schedule sends { trigger: 'schedule' }, the API { trigger: 'manual', requestedBy }. */
export const tagSyncInputSchema = {
  title: 'TagSyncInput',
  type: 'object',
  additionalProperties: false,
  properties: syncTriggerProperties,
} as const;

export const beginTagSyncInputSchema = {
  title: 'BeginTagSyncInput',
  type: 'object',
  additionalProperties: false,
  required: beginRunInputRequired,
  properties: { ...beginRunInputProperties, machineInput: tagSyncInputSchema },
} as const;
export type BeginTagSyncInput = FromSchema<typeof beginTagSyncInputSchema>;

export const beginTagSyncOutputSchema = {
  title: 'BeginTagSyncOutput',
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'status', 'message'],
      properties: { enabled: { const: false }, status: { const: 'DISABLED' }, message: { type: 'string' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'runId', 'startedAt', 'selection', 'scanTargets', 'fallback'],
      properties: {
        enabled: { const: true },
        ...runIdentityProperties,
        selection: selectionSchema,
        // As before, without the maxItems (2000) the other begin outputs declare.
        scanTargets: { type: 'array', items: scanTargetsSchema.items },
        fallback: { type: 'boolean' },
      },
    },
  ],
} as const;
export type BeginTagSyncOutput = FromSchema<typeof beginTagSyncOutputSchema>;

export const planTagsInputSchema = {
  title: 'PlanAccountRegionTagsInput',
  type: 'object',
  additionalProperties: false,
  required: [...accountRegionInputRequired, 'selection'],
  properties: { ...accountRegionInputProperties, selection: selectionSchema },
} as const;
export type PlanTagsInput = FromSchema<typeof planTagsInputSchema>;

const tagMapSchema = { type: 'object', additionalProperties: { type: 'string', maxLength: 256 }, maxProperties: 50 } as const;
const warningsSchema = { type: 'array', items: { type: 'string', maxLength: 1024 } } as const;

export const planTagsOutputSchema = {
  title: 'PlanAccountRegionTagsOutput',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'serversChecked', 'serversUnchanged', 'writes', 'warnings', 'apiCalls'],
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    serversChecked: countSchema,
    serversUnchanged: countSchema,
    writes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sourceServerId', 'resourceArn', 'tags'],
        properties: { sourceServerId: { type: 'string' }, resourceArn: { type: 'string', pattern: '^arn:' }, tags: tagMapSchema },
      },
    },
    warnings: warningsSchema,
    apiCalls: apiCallsSchema,
  },
} as const;
export type PlanTagsOutput = FromSchema<typeof planTagsOutputSchema>;

export const applyTagsInputSchema = { ...planTagsOutputSchema, title: 'ApplySourceServerTagsInput' } as const;
export type ApplyTagsInput = PlanTagsOutput;

/** One account-region's result, kept in the run record. */
export const tagSyncTargetResultSchema = {
  title: 'TagSyncTargetResult',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'status', 'serversChecked', 'serversTagged', 'serversUnchanged', 'warnings', 'apiCalls'],
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    status: targetStatusSchema,
    serversChecked: countSchema,
    serversTagged: countSchema,
    serversUnchanged: { ...countSchema, description: 'Servers already carrying their tags: each one a TagResource call saved.' },
    warnings: warningsSchema,
    apiCalls: apiCallsSchema,
  },
} as const;
export type TagSyncTargetResult = FromSchema<typeof tagSyncTargetResultSchema>;
export const applyTagsOutputSchema = tagSyncTargetResultSchema;

export const completeTagSyncInputSchema = {
  title: 'CompleteTagSyncInput',
  type: 'object',
  additionalProperties: false,
  required: completeRunInputRequired,
  properties: { ...completeRunInputProperties, results: syncResultsSchema(tagSyncTargetResultSchema) },
} as const;
export type CompleteTagSyncInput = FromSchema<typeof completeTagSyncInputSchema>;

export const completeTagSyncOutputSchema = {
  title: 'CompleteTagSyncOutput',
  type: 'object',
  additionalProperties: false,
  required: ['runId', 'status', 'durationMs', 'serversChecked', 'serversTagged', 'serversUnchanged', 'regionsScanned', 'errorCount'],
  properties: {
    runId: { type: 'string' },
    status: runStatusSchema,
    durationMs: countSchema,
    serversChecked: countSchema,
    serversTagged: countSchema,
    serversUnchanged: countSchema,
    regionsScanned: countSchema,
    errorCount: countSchema,
  },
} as const;
export type CompleteTagSyncOutput = FromSchema<typeof completeTagSyncOutputSchema>;
