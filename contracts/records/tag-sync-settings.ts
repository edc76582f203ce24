import type { FromSchema } from 'json-schema-to-ts';
import { isoDateTimeSchema } from '../common';

/** A tag key prefix; `aws:` is refused because AWS reserves those keys (they are never copied anyway). */
const tagPrefixSchema = { type: 'string', minLength: 1, maxLength: 128, not: { pattern: '^[aA][wW][sS]:' } } as const;

/** The editable tag-sync settings (PUT /api/config/tag-sync). */
export const tagSyncSettingsInputSchema = {
  title: 'TagSyncSettingsInput',
  type: 'object',
  additionalProperties: false,
  required: ['enabled', 'includePrefixes', 'excludePrefixes'],
  properties: {
    enabled: { type: 'boolean', description: 'When false, the hourly and on-demand runs end at once without reading or writing tags.' },
    includePrefixes: { type: 'array', items: tagPrefixSchema, maxItems: 50, uniqueItems: true, description: 'Copy only tags whose key starts with one of these; empty: every tag.' },
    excludePrefixes: { type: 'array', items: tagPrefixSchema, maxItems: 50, uniqueItems: true, description: 'Never copy tags whose key starts with one of these; wins over includePrefixes.' },
  },
} as const;
export type TagSyncSettingsInput = FromSchema<typeof tagSyncSettingsInputSchema>;

/** The stored settings: the input plus who changed them and when (absent for the defaults). */
export const tagSyncSettingsSchema = {
  title: 'TagSyncSettings',
  type: 'object',
  additionalProperties: false,
  required: ['enabled', 'includePrefixes', 'excludePrefixes'],
  properties: {
    ...tagSyncSettingsInputSchema.properties,
    updatedAt: isoDateTimeSchema,
    updatedBy: { type: 'string', maxLength: 256 },
  },
} as const;
export type TagSyncSettings = FromSchema<typeof tagSyncSettingsSchema>;

/** Tag sync writes to customers' DRS resources: it is off until an operator turns it on. */
export const DEFAULT_TAG_SYNC_SETTINGS: TagSyncSettings = { enabled: false, includePrefixes: [], excludePrefixes: [] };
