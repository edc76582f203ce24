import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_TAG_SYNC_SETTINGS, type TagSyncSettings } from '../../contracts/records/tag-sync-settings';
import { EnvNames, requireEnv } from '../config';
import { documentClient } from '../dynamodb';
import { tableCall } from './table-calls';

/**
 * The tag-sync settings: one item in the SyncRuns table beside the sync's runs
 * and lock (syncName 'tag-sync', runId '~SETTINGS', which sorts after every
 * run id so run listings never see it). See docs/decisions (tag-sync settings).
 */
export const SETTINGS_RUN_ID = '~SETTINGS';
const key = { syncName: 'tag-sync', runId: SETTINGS_RUN_ID } as const;

export class TagSyncSettingsRepository {
  constructor(
    private readonly tableName = requireEnv(EnvNames.SyncRunTable),
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  /** The stored settings, or the defaults (disabled) when none were ever saved. */
  async get(): Promise<TagSyncSettings> {
    const out = await tableCall(this.tableName, 'GetItem (tag-sync settings)', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })),
    );
    if (!out.Item) return { ...DEFAULT_TAG_SYNC_SETTINGS };
    const { syncName: _s, runId: _r, ...settings } = out.Item as TagSyncSettings & typeof key;
    return settings;
  }

  async put(settings: TagSyncSettings): Promise<void> {
    await tableCall(this.tableName, 'PutItem (tag-sync settings)', () =>
      this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...key, ...settings } })),
    );
  }
}
