import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, isoDateTimeSchema, regionSchema, roleArnSchema } from '../common';
import { DRS_COMMERCIAL_REGIONS, DRS_GOVCLOUD_REGIONS } from '../../lib/regions/drs-regions';
import { lastValidationSchema, targetAccountExternalIdSchema, targetAccountNameSchema, targetAccountRegionsSchema } from '../records/target-account';

/** `{id}` in `/accounts/targets/{id}`: the account id. */
export const targetAccountPathSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: accountIdSchema },
} as const;
export type TargetAccountPath = FromSchema<typeof targetAccountPathSchema>;

const nullableRoleArn = { ...roleArnSchema, type: ['string', 'null'], description: 'Role to assume in the account; null for the hub account the orchestrator runs in.' } as const;
const nullableExternalId = {
  ...targetAccountExternalIdSchema,
  type: ['string', 'null'],
  description: 'The sts:ExternalId the role trust policy requires (at least 16 characters): required for every account but the hub, whose roleArn and externalId are null.',
} as const;

/**
 * The regions an account is registered in, as a request names them: each one
 * a region Elastic Disaster Recovery runs in (lib/regions/drs-regions.ts; the
 * GovCloud regions are accepted for a deployment in that partition). To
 * register every DRS region, send the whole list (the console's "All DRS
 * regions" choice does).
 */
export const drsRegionsRequestSchema = {
  ...targetAccountRegionsSchema,
  maxItems: DRS_COMMERCIAL_REGIONS.length + DRS_GOVCLOUD_REGIONS.length,
  // Typed as plain strings: clients hold region lists as string[]; ajv still checks the enum.
  items: { type: 'string', enum: [...DRS_COMMERCIAL_REGIONS, ...DRS_GOVCLOUD_REGIONS] as string[], description: 'A region where DRS runs, e.g. us-east-1.' },
} as const;

export const createTargetAccountRequestSchema = {
  title: 'CreateTargetAccountRequest',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'name', 'roleArn', 'regions'],
  properties: {
    accountId: accountIdSchema,
    name: targetAccountNameSchema,
    roleArn: nullableRoleArn,
    externalId: nullableExternalId,
    regions: drsRegionsRequestSchema,
  },
} as const;
export type CreateTargetAccountRequest = FromSchema<typeof createTargetAccountRequestSchema>;

/**
 * PUT replaces the editable fields. `externalId` is never returned in full, so
 * a client cannot send it back: leaving it out keeps the stored value, null
 * clears it, and a string replaces it.
 */
export const updateTargetAccountRequestSchema = {
  title: 'UpdateTargetAccountRequest',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'roleArn', 'regions'],
  properties: {
    name: targetAccountNameSchema,
    roleArn: nullableRoleArn,
    externalId: { ...nullableExternalId, description: 'Omit to keep the stored value; null clears it.' },
    regions: drsRegionsRequestSchema,
  },
} as const;
export type UpdateTargetAccountRequest = FromSchema<typeof updateTargetAccountRequestSchema>;

/** A target account as the API shows it: the record, with `externalId` masked. */
export const targetAccountSchema = {
  title: 'TargetAccount',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'name', 'roleArn', 'externalIdMasked', 'regions', 'createdAt', 'updatedAt', 'lastValidation'],
  properties: {
    accountId: accountIdSchema,
    name: targetAccountNameSchema,
    roleArn: nullableRoleArn,
    externalIdMasked: {
      type: ['string', 'null'],
      pattern: '^\\*{4}[\\w+=,.@:/-]{0,4}$',
      description: 'Four asterisks and the last four characters of the ExternalId (none when it is shorter than 12), or null when no ExternalId is set.',
    },
    regions: targetAccountRegionsSchema,
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
    lastValidation: lastValidationSchema,
  },
} as const;
export type TargetAccount = FromSchema<typeof targetAccountSchema>;

export const targetAccountListSchema = {
  title: 'TargetAccountList',
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: { items: { type: 'array', items: targetAccountSchema } },
} as const;
export type TargetAccountList = FromSchema<typeof targetAccountListSchema>;

const checkStatusSchema = { type: 'string', enum: ['OK', 'FAILED', 'SKIPPED'] } as const;

/**
 * The answer of `validate_target_account`. A failed check is a result, not an
 * error: the answer is 200 and `status` says FAILED, with a remedy in `message`.
 */
export const targetAccountValidationSchema = {
  title: 'TargetAccountValidation',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'status', 'checkedAt', 'assumeRole', 'regions'],
  properties: {
    accountId: accountIdSchema,
    status: { type: 'string', enum: ['OK', 'FAILED'] },
    checkedAt: isoDateTimeSchema,
    assumeRole: {
      type: 'object',
      additionalProperties: false,
      required: ['status', 'message'],
      properties: { status: checkStatusSchema, message: { type: 'string' } },
      description: 'SKIPPED for the hub account, which needs no role.',
    },
    regions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['region', 'status', 'message'],
        properties: { region: regionSchema, status: checkStatusSchema, message: { type: 'string' } },
      },
    },
  },
} as const;
export type TargetAccountValidation = FromSchema<typeof targetAccountValidationSchema>;
