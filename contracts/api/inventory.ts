import type { FromSchema } from 'json-schema-to-ts';
import { executionArnSchema, isoDateTimeSchema } from '../common';
import { syncRunRecordSchema } from '../records/sync-run';
import { omitProperties } from './recovery-instances';

/** The answer of `start_inventory_sync`. */
export const inventorySyncStartSchema = {
  title: 'InventorySyncStart',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'startDate'],
  properties: {
    executionArn: { ...executionArnSchema, description: 'The inventory-sync execution; it skips itself when another run holds the lock.' },
    startDate: isoDateTimeSchema,
  },
} as const;
export type InventorySyncStart = FromSchema<typeof inventorySyncStartSchema>;

export const inventorySyncRunSchema = { ...omitProperties(syncRunRecordSchema, ['syncName', 'runId']), title: 'InventorySyncRun' } as const;
export type InventorySyncRun = FromSchema<typeof inventorySyncRunSchema>;

/** The answer of `get_inventory_sync_status`. */
export const inventorySyncStatusSchema = {
  title: 'InventorySyncStatus',
  type: 'object',
  additionalProperties: false,
  required: ['running', 'lastCompletedRun', 'recentRuns'],
  properties: {
    running: { type: 'boolean', description: 'True when the newest run is still running.' },
    lastCompletedRun: { anyOf: [inventorySyncRunSchema, { type: 'null' }] },
    recentRuns: { type: 'array', items: inventorySyncRunSchema, maxItems: 10, description: 'Newest first, at most 10.' },
  },
} as const;
export type InventorySyncStatus = FromSchema<typeof inventorySyncStatusSchema>;
