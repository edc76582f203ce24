import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema, isoDateTimeSchema, regionSchema } from '../common';

/**
 * What the orchestrator last saw of DRS in one account and region, keyed by
 * accountId + region. Written by whatever scanned the region (the inventory
 * sync, and any multi-region operation that fell back to scanning every
 * region); read by the active-region filter (lib/regions/active-region-filter.ts).
 */
export const regionStatusRecordSchema = {
  $id: 'RegionStatusRecord',
  title: 'RegionStatusRecord',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'region', 'serverCount', 'initialized', 'lastChecked', 'lastError'],
  properties: {
    accountId: accountIdSchema,
    region: regionSchema,
    serverCount: { type: 'integer', minimum: 0, description: 'Source servers DRS holds in the account-region (0 when not initialized).' },
    initialized: { type: 'boolean', description: 'False when DRS answered UninitializedAccountException: the service was never set up there.' },
    lastChecked: { ...isoDateTimeSchema, description: 'When the region was last scanned, successfully or not.' },
    lastError: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['errorName', 'message', 'at'],
      properties: {
        errorName: { type: 'string', maxLength: 256 },
        message: { type: 'string', maxLength: 2048 },
        at: isoDateTimeSchema,
      },
      description: 'The last scan failure, null after a successful scan.',
    },
    checkedBy: { type: 'string', maxLength: 128, description: 'What wrote the record (e.g. inventory-sync, recovery-instance-sync fallback).' },
  },
} as const;

export type RegionStatusRecord = FromSchema<typeof regionStatusRecordSchema>;
