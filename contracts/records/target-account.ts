import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, externalIdSchema, isoDateTimeSchema, regionSchema, roleArnSchema } from '../common';

/** Display name of a target account, as operators know it. */
export const targetAccountNameSchema = { type: 'string', minLength: 1, maxLength: 128, pattern: '\\S' } as const;

/** The regions the orchestrator works in for the account: at least one, no duplicates. */
export const targetAccountRegionsSchema = { type: 'array', minItems: 1, maxItems: 40, uniqueItems: true, items: regionSchema } as const;

/**
 * The ExternalId a target account's role demands. At least 16 characters, as
 * IAM documents for an ExternalId that is hard to guess (it may be 2 to 1224
 * characters): shorter ones are refused by the API. Records written before
 * this rule may hold shorter values and still load; the API refuses to keep
 * such a value when the account is next updated.
 */
export const MIN_EXTERNAL_ID_LENGTH = 16;
export const targetAccountExternalIdSchema = { ...externalIdSchema, minLength: MIN_EXTERNAL_ID_LENGTH } as const;

/** The outcome of the last `validate_target_account` run, or null before the first run. */
export const lastValidationSchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['status', 'checkedAt', 'message'],
  properties: {
    status: { type: 'string', enum: ['OK', 'FAILED'] },
    checkedAt: isoDateTimeSchema,
    message: { type: 'string', maxLength: 4096 },
  },
} as const;

/**
 * A staging account of a target account (original platform shape): an account
 * whose DRS source servers replicate there and which the target account
 * extends them from. roleArn/externalId are what the orchestrator assumes to
 * read its capacity; extending happens from the target account.
 */
export const stagingAccountRecordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'accountName', 'roleArn', 'externalId', 'addedAt', 'addedBy'],
  properties: {
    accountId: accountIdSchema,
    accountName: targetAccountNameSchema,
    roleArn: roleArnSchema,
    externalId: externalIdSchema,
    addedAt: isoDateTimeSchema,
    addedBy: { type: 'string', minLength: 1, maxLength: 256 },
  },
} as const;
export type StagingAccountRecord = FromSchema<typeof stagingAccountRecordSchema>;

/** Staging accounts a target account may list: our cap, which keeps the record small (ListStagingAccounts pages hold 50 too). */
export const MAX_STAGING_ACCOUNTS = 50;

/**
 * An AWS account the orchestrator recovers servers in, keyed by `accountId`.
 * `roleArn` is null for the hub account the orchestrator itself runs in:
 * there it uses its own execution role. `externalId` is the value the role's
 * trust policy demands in `sts:ExternalId`; it is stored in full here and
 * never returned in full by the API (see docs/api.md).
 */
export const targetAccountRecordSchema = {
  $id: 'TargetAccountRecord',
  title: 'TargetAccountRecord',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'name', 'roleArn', 'externalId', 'regions', 'createdAt', 'updatedAt', 'lastValidation'],
  properties: {
    accountId: accountIdSchema,
    name: targetAccountNameSchema,
    roleArn: { ...roleArnSchema, type: ['string', 'null'] },
    externalId: { ...externalIdSchema, type: ['string', 'null'] },
    regions: targetAccountRegionsSchema,
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
    lastValidation: lastValidationSchema,
    /** Absent on records written before staging accounts existed: none. */
    stagingAccounts: { type: 'array', maxItems: MAX_STAGING_ACCOUNTS, items: stagingAccountRecordSchema },
  },
} as const;

export type TargetAccountRecord = FromSchema<typeof targetAccountRecordSchema>;
export type TargetAccountValidationSummary = FromSchema<typeof lastValidationSchema>;
