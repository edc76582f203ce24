import type { FromSchema } from 'json-schema-to-ts';
import { executionArnSchema, isoDateTimeSchema } from '../common';
import { syncRunRecordSchema } from '../records/sync-run';
import { tagSyncSettingsSchema } from '../records/tag-sync-settings';
import { omitProperties } from './recovery-instances';

export { tagSyncSettingsInputSchema, tagSyncSettingsSchema, type TagSyncSettings, type TagSyncSettingsInput } from '../records/tag-sync-settings';

/** The answer of `start_tag_sync`. */
export const tagSyncStartSchema = {
  title: 'TagSyncStart',
  type: 'object',
  additionalProperties: false,
  required: ['executionArn', 'startDate'],
  properties: {
    executionArn: { ...executionArnSchema, description: 'The tag-sync execution; it ends at once when tag sync is disabled, and skips itself when another run holds the lock.' },
    startDate: isoDateTimeSchema,
  },
} as const;
export type TagSyncStart = FromSchema<typeof tagSyncStartSchema>;

export const tagSyncRunSchema = { ...omitProperties(syncRunRecordSchema, ['syncName', 'runId']), title: 'TagSyncRun' } as const;
export type TagSyncRun = FromSchema<typeof tagSyncRunSchema>;

/** The answer of `get_tag_sync_status`: the settings, whether a run is going, and the recent runs. */
export const tagSyncStatusSchema = {
  title: 'TagSyncStatus',
  type: 'object',
  additionalProperties: false,
  required: ['settings', 'running', 'recentRuns'],
  properties: {
    settings: tagSyncSettingsSchema,
    running: { type: 'boolean', description: 'True when the newest run is still running.' },
    recentRuns: { type: 'array', items: tagSyncRunSchema, maxItems: 10, description: 'Newest first, at most 10.' },
  },
} as const;
export type TagSyncStatus = FromSchema<typeof tagSyncStatusSchema>;
