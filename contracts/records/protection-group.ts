import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, regionSchema, sourceServerIdSchema } from '../common';

/** A named set of DRS source servers in one account and region, recovered together. */
export const protectionGroupRecordSchema = {
  title: 'ProtectionGroupRecord',
  type: 'object',
  additionalProperties: false,
  required: ['groupId', 'name', 'accountId', 'region', 'sourceServerIds'],
  properties: {
    groupId: { type: 'string', minLength: 1, maxLength: 64 },
    name: { type: 'string', minLength: 1, maxLength: 256 },
    description: { type: 'string', maxLength: 1024 },
    accountId: accountIdSchema,
    region: regionSchema,
    sourceServerIds: { type: 'array', items: sourceServerIdSchema, uniqueItems: true, maxItems: 1000 },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;
export type ProtectionGroupRecord = FromSchema<typeof protectionGroupRecordSchema>;
