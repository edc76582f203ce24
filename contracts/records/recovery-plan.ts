import type { FromSchema } from 'json-schema-to-ts';

/** An ordered list of waves, each recovering one or more protection groups. */
export const recoveryPlanRecordSchema = {
  title: 'RecoveryPlanRecord',
  type: 'object',
  additionalProperties: false,
  required: ['planId', 'name', 'waves'],
  properties: {
    planId: { type: 'string', minLength: 1, maxLength: 64 },
    name: { type: 'string', minLength: 1, maxLength: 256 },
    description: { type: 'string', maxLength: 1024 },
    waves: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'protectionGroupIds'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 256 },
          protectionGroupIds: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 64 }, uniqueItems: true },
        },
      },
    },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;
export type RecoveryPlanRecord = FromSchema<typeof recoveryPlanRecordSchema>;
