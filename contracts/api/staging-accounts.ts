/**
 * Staging accounts of a target account, in the original platform's shapes
 * (StagingAccount, StagingAccountOperationResponse, ValidationResult), with
 * one deliberate difference: the ExternalId is never returned in full, as for
 * target accounts (externalIdMasked; docs/api.md).
 */
import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, executionArnSchema, externalIdSchema, isoDateTimeSchema, regionSchema, roleArnSchema } from '../common';
import { syncRunRecordSchema } from '../records/sync-run';
import { targetAccountNameSchema } from '../records/target-account';
import { omitProperties } from './recovery-instances';

export const stagingAccountPathSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'stagingId'],
  properties: { id: accountIdSchema, stagingId: accountIdSchema },
} as const;
export type StagingAccountPath = FromSchema<typeof stagingAccountPathSchema>;

const stagingAccountInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'accountName', 'roleArn', 'externalId'],
  properties: {
    accountId: accountIdSchema,
    accountName: targetAccountNameSchema,
    roleArn: { ...roleArnSchema, description: 'Role the orchestrator assumes in the staging account to read its capacity.' },
    externalId: { ...externalIdSchema, description: 'The sts:ExternalId the staging role demands.' },
  },
} as const;

/** The original AddStagingAccountRequest: the target account id again (it must match the path) and the staging account. */
export const addStagingAccountRequestSchema = {
  title: 'AddStagingAccountRequest',
  type: 'object',
  additionalProperties: false,
  required: ['stagingAccount'],
  properties: {
    targetAccountId: { ...accountIdSchema, description: 'Optional; when present it must equal the path id.' },
    stagingAccount: stagingAccountInputSchema,
    addedBy: { type: 'string', maxLength: 256, description: 'Ignored: the caller is recorded as addedBy.' },
  },
} as const;
export type AddStagingAccountRequest = FromSchema<typeof addStagingAccountRequestSchema>;

export const stagingAccountSchema = {
  title: 'StagingAccount',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'accountName', 'roleArn', 'externalIdMasked', 'addedAt', 'addedBy'],
  properties: {
    accountId: accountIdSchema,
    accountName: targetAccountNameSchema,
    roleArn: roleArnSchema,
    externalIdMasked: { type: 'string', pattern: '^\\*{4}[\\w+=,.@:/-]{0,4}$', description: 'Four asterisks and the last four characters of the ExternalId.' },
    addedAt: isoDateTimeSchema,
    addedBy: { type: 'string' },
  },
} as const;
export type StagingAccount = FromSchema<typeof stagingAccountSchema>;

export const stagingAccountOperationResponseSchema = {
  title: 'StagingAccountOperationResponse',
  type: 'object',
  additionalProperties: false,
  required: ['success', 'message', 'stagingAccounts'],
  properties: {
    success: { type: 'boolean', const: true, description: 'Always true: a failed operation answers an error status instead.' },
    message: { type: 'string' },
    stagingAccounts: { type: 'array', items: stagingAccountSchema },
  },
} as const;
export type StagingAccountOperationResponse = FromSchema<typeof stagingAccountOperationResponseSchema>;

export const stagingAccountDiscoverySchema = {
  title: 'StagingAccountDiscovery',
  type: 'object',
  additionalProperties: false,
  required: ['targetAccountId', 'stagingAccounts', 'regionsScanned', 'errors'],
  properties: {
    targetAccountId: accountIdSchema,
    stagingAccounts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['accountId', 'discoveredFrom', 'configured'],
        properties: {
          accountId: accountIdSchema,
          discoveredFrom: { type: 'array', items: regionSchema, description: 'The regions whose ListStagingAccounts named it.' },
          configured: { type: 'boolean', description: 'Whether the target account already lists it.' },
        },
      },
      description: 'What DRS ListStagingAccounts answers: the staging accounts the target account already has extended servers from.',
    },
    regionsScanned: { type: 'array', items: regionSchema },
    errors: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['region', 'message'], properties: { region: regionSchema, message: { type: 'string' } } },
    },
  },
} as const;
export type StagingAccountDiscovery = FromSchema<typeof stagingAccountDiscoverySchema>;

/** The original ValidateStagingAccountRequest, plus an optional target account for totalAfter. */
export const validateStagingAccountRequestSchema = {
  title: 'ValidateStagingAccountRequest',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'roleArn', 'externalId', 'region'],
  properties: {
    accountId: accountIdSchema,
    roleArn: roleArnSchema,
    externalId: externalIdSchema,
    region: regionSchema,
    targetAccountId: { ...accountIdSchema, description: 'When given, totalAfter adds the target account’s staging accounts already configured.' },
  },
} as const;
export type ValidateStagingAccountRequest = FromSchema<typeof validateStagingAccountRequestSchema>;

export const stagingAccountValidationSchema = {
  title: 'StagingAccountValidation',
  type: 'object',
  additionalProperties: false,
  required: ['valid', 'roleAccessible', 'drsInitialized', 'currentServers', 'replicatingServers', 'totalAfter'],
  properties: {
    valid: { type: 'boolean' },
    roleAccessible: { type: 'boolean' },
    drsInitialized: { type: 'boolean' },
    currentServers: { type: 'integer', minimum: 0 },
    replicatingServers: { type: 'integer', minimum: 0 },
    totalAfter: { type: 'integer', minimum: 0, description: 'Replicating servers in this account plus, with targetAccountId, those of the staging accounts it already lists (in this region).' },
    error: { type: 'string' },
    details: {
      type: 'object',
      additionalProperties: false,
      properties: {
        initializedRegions: { type: 'array', items: regionSchema },
        uninitializedRegions: { type: 'array', items: regionSchema },
        roleErrorCode: { type: 'string' },
        drsError: { type: 'string' },
      },
    },
  },
} as const;
export type StagingAccountValidation = FromSchema<typeof stagingAccountValidationSchema>;

/** The answer of `sync_staging_accounts`: the execution it started. */
export const stagingAccountSyncStartSchema = {
  title: 'StagingAccountSyncStart',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'startDate'],
  properties: {
    executionArn: { ...executionArnSchema, description: 'The staging-account-sync execution.' },
    startDate: isoDateTimeSchema,
  },
} as const;
export type StagingAccountSyncStart = FromSchema<typeof stagingAccountSyncStartSchema>;

/** One staging-account sync run: its record without the table keys (findings included, lock scopes not). */
export const stagingAccountSyncRunSchema = { ...omitProperties(syncRunRecordSchema, ['syncName', 'runId', 'lockScopes']), title: 'StagingAccountSyncRun' } as const;
export type StagingAccountSyncRun = FromSchema<typeof stagingAccountSyncRunSchema>;

/** The answer of `get_staging_account_sync_status`: the recent runs, newest first, with their findings. */
export const stagingAccountSyncStatusSchema = {
  title: 'StagingAccountSyncStatus',
  type: 'object',
  additionalProperties: false,
  required: ['running', 'recentRuns'],
  properties: {
    running: { type: 'boolean', description: 'True when the newest run is still running.' },
    recentRuns: { type: 'array', items: stagingAccountSyncRunSchema, maxItems: 10, description: 'Newest first, at most 10, over every target account.' },
  },
} as const;
export type StagingAccountSyncStatus = FromSchema<typeof stagingAccountSyncStatusSchema>;
