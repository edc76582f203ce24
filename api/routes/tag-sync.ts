import {
  pickSchemaFields,
} from '../../contracts/api/recovery-instances';
import {
  tagSyncRunSchema,
  tagSyncSettingsInputSchema,
  tagSyncSettingsSchema,
  tagSyncStartSchema,
  tagSyncStatusSchema,
  type TagSyncRun,
  type TagSyncSettings,
  type TagSyncSettingsInput,
  type TagSyncStart,
  type TagSyncStatus,
} from '../../contracts/api/tag-sync';
import { logger } from '../../lib/observability';
import { defineRoute, type Route } from '../framework/route';

const TAG = 'Tag sync';
const STATUS_RUNS = 10;

/** Tag sync: its settings, starting a run, and how the runs went. */
export const tagSyncRoutes: readonly Route[] = [
  defineRoute<{ response: TagSyncSettings }>({
    operationId: 'get_tag_sync_settings',
    method: 'GET',
    path: '/config/tag-sync',
    tag: TAG,
    summary: 'The tag-sync settings',
    description: 'Whether tag sync runs (it is off until enabled) and which EC2 instance tags it copies to DRS source servers. aws: tags are never copied.',
    access: 'ReadOnly',
    effect: 'read',
    response: { status: 200, description: 'The settings; the defaults (disabled, every tag) when never saved.', schema: tagSyncSettingsSchema },
    handle: async (_request, { tagSyncSettings }) => tagSyncSettings.get(),
  }),

  defineRoute<{ body: TagSyncSettingsInput; response: TagSyncSettings }>({
    operationId: 'update_tag_sync_settings',
    method: 'PUT',
    path: '/config/tag-sync',
    tag: TAG,
    summary: 'Change the tag-sync settings',
    description: 'Replaces the settings. The next run (hourly, or POST /drs/tag-sync) uses them; a disabled sync ends at once without reading or writing.',
    access: 'Admin',
    effect: 'write',
    bodySchema: tagSyncSettingsInputSchema,
    response: { status: 200, description: 'The settings as stored.', schema: tagSyncSettingsSchema },
    handle: async ({ body, principal, requestId }, { tagSyncSettings, now }) => {
      const settings: TagSyncSettings = { ...body, updatedAt: now().toISOString(), updatedBy: principal.username.slice(0, 256) };
      await tagSyncSettings.put(settings);
      logger.info('Tag-sync settings changed', { enabled: settings.enabled, by: principal.username, requestId });
      return settings;
    },
  }),

  defineRoute<{ response: TagSyncStart }>({
    operationId: 'start_tag_sync',
    method: 'POST',
    path: '/drs/tag-sync',
    tag: TAG,
    summary: 'Run tag sync now',
    description: 'Starts the tag-sync state machine and answers at once. A run that finds another one running skips itself; a disabled sync ends at once.',
    access: 'Operator',
    effect: 'write',
    response: { status: 202, description: 'The tag-sync execution was started.', schema: tagSyncStartSchema },
    errors: [400, 502, 503],
    handle: async ({ principal, requestId }, { startTagSync }) => {
      const started = await startTagSync(`api:${principal.kind}:${principal.username}`);
      logger.info('Tag sync started', { executionArn: started.executionArn, by: principal.username, requestId });
      return started;
    },
  }),

  defineRoute<{ response: TagSyncStatus }>({
    operationId: 'get_tag_sync_status',
    method: 'GET',
    path: '/drs/tag-sync',
    tag: TAG,
    summary: 'How tag sync has been doing',
    description: 'The settings and the last runs (counts of servers checked, tagged and unchanged, per account-region errors), from the run records only.',
    access: 'ReadOnly',
    effect: 'read',
    response: { status: 200, description: 'Settings and the last runs, newest first.', schema: tagSyncStatusSchema },
    handle: async (_request, { tagSyncSettings, syncRuns }) => {
      const [settings, runs] = await Promise.all([tagSyncSettings.get(), syncRuns.latest('tag-sync', STATUS_RUNS)]);
      return {
        settings,
        running: runs[0]?.status === 'RUNNING',
        recentRuns: runs.map((run) => pickSchemaFields<TagSyncRun>(tagSyncRunSchema, run)),
      };
    },
  }),
];
