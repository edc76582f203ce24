import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, executionArnSchema, isoDateTimeSchema, regionSchema } from '../common';
import { regionScanReasonSchema, scanTargetSchema } from './recovery-instance-sync';

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
  properties: {
    trigger: { type: 'string', enum: ['schedule', 'manual'] },
    requestedBy: { type: 'string', maxLength: 256 },
  },
} as const;

export const beginTagSyncInputSchema = {
  title: 'BeginTagSyncInput',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'startedAt', 'machineInput'],
  properties: { executionArn: executionArnSchema, startedAt: isoDateTimeSchema, machineInput: tagSyncInputSchema },
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
        runId: { type: 'string' },
        startedAt: isoDateTimeSchema,
        selection: selectionSchema,
        scanTargets: { type: 'array', items: scanTargetSchema },
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
  required: ['executionArn', 'accountId', 'region', 'reason', 'selection'],
  properties: { executionArn: executionArnSchema, accountId: accountIdSchema, region: regionSchema, reason: regionScanReasonSchema, selection: selectionSchema },
} as const;
export type PlanTagsInput = FromSchema<typeof planTagsInputSchema>;

const tagMapSchema = { type: 'object', additionalProperties: { type: 'string', maxLength: 256 }, maxProperties: 50 } as const;
const apiCallsSchema = { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } } as const;
const warningsSchema = { type: 'array', items: { type: 'string', maxLength: 1024 } } as const;

export const planTagsOutputSchema = {
  title: 'PlanAccountRegionTagsOutput',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'serversChecked', 'serversUnchanged', 'writes', 'warnings', 'apiCalls'],
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    serversChecked: { type: 'integer', minimum: 0 },
    serversUnchanged: { type: 'integer', minimum: 0 },
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
    status: { type: 'string', enum: ['SUCCEEDED', 'PARTIAL'] },
    serversChecked: { type: 'integer', minimum: 0 },
    serversTagged: { type: 'integer', minimum: 0 },
    serversUnchanged: { type: 'integer', minimum: 0, description: 'Servers already carrying their tags: each one a TagResource call saved.' },
    warnings: warningsSchema,
    apiCalls: apiCallsSchema,
  },
} as const;
export type TagSyncTargetResult = FromSchema<typeof tagSyncTargetResultSchema>;
export const applyTagsOutputSchema = tagSyncTargetResultSchema;

const caughtErrorSchema = {
  type: 'object',
  required: ['Error'],
  properties: { Error: { type: 'string' }, Cause: { type: 'string' } },
} as const;

export const completeTagSyncInputSchema = {
  title: 'CompleteTagSyncInput',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'runId', 'startedAt'],
  properties: {
    executionArn: executionArnSchema,
    runId: { type: 'string' },
    startedAt: isoDateTimeSchema,
    results: {
      type: 'array',
      items: {
        anyOf: [
          tagSyncTargetResultSchema,
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
export type CompleteTagSyncInput = FromSchema<typeof completeTagSyncInputSchema>;

export const completeTagSyncOutputSchema = {
  title: 'CompleteTagSyncOutput',
  type: 'object',
  additionalProperties: false,
  required: ['runId', 'status', 'durationMs', 'serversChecked', 'serversTagged', 'serversUnchanged', 'regionsScanned', 'errorCount'],
  properties: {
    runId: { type: 'string' },
    status: { type: 'string', enum: ['SUCCEEDED', 'PARTIAL', 'FAILED'] },
    durationMs: { type: 'integer', minimum: 0 },
    serversChecked: { type: 'integer', minimum: 0 },
    serversTagged: { type: 'integer', minimum: 0 },
    serversUnchanged: { type: 'integer', minimum: 0 },
    regionsScanned: { type: 'integer', minimum: 0 },
    errorCount: { type: 'integer', minimum: 0 },
  },
} as const;
export type CompleteTagSyncOutput = FromSchema<typeof completeTagSyncOutputSchema>;
