import { DeleteCommand, PutCommand, paginateQuery, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InventorySyncMarker, SourceServerInventoryRecord } from '../../contracts/records/source-server-inventory';
import { EnvNames, requireEnv } from '../config';
import { documentClient } from '../dynamodb';
import { batchWrite } from './batch';
import { tableCall } from './table-calls';

/**
 * The partition that holds one marker per inventoried account-region (sort key
 * accountId#region): when it was last inventoried. Server partitions are
 * `accountId#region`, which never starts with '#'.
 */
export const SYNC_MARKER_PARTITION = '#SYNCED';

export const inventoryKey = (accountId: string, region: string) => `${accountId}#${region}`;

/** What a listing may filter on, applied by DynamoDB (FilterExpression) within each page. */
export interface InventoryFilter {
  readonly accountId?: string;
  readonly region?: string;
  readonly replicationState?: string;
  /** key, or key=value */
  readonly tag?: { key: string; value?: string };
  readonly sourceServerIds?: readonly string[];
}

export interface InventoryPage {
  readonly records: SourceServerInventoryRecord[];
  readonly lastKey: Record<string, unknown> | undefined;
}

function filterExpression(filter: InventoryFilter, options: { excludeMarkers: boolean; keyed: boolean }) {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (options.excludeMarkers) {
    clauses.push('#pk <> :marker');
    names['#pk'] = 'accountRegion';
    values[':marker'] = SYNC_MARKER_PARTITION;
  }
  if (!options.keyed && filter.accountId) {
    clauses.push('accountId = :accountId');
    values[':accountId'] = filter.accountId;
  }
  if (!options.keyed && filter.region) {
    clauses.push('#region = :region');
    names['#region'] = 'region';
    values[':region'] = filter.region;
  }
  if (filter.replicationState) {
    clauses.push('replicationState = :state');
    values[':state'] = filter.replicationState;
  }
  if (filter.tag) {
    names['#tags'] = 'tags';
    names['#tagKey'] = filter.tag.key;
    if (filter.tag.value === undefined) clauses.push('attribute_exists(#tags.#tagKey)');
    else {
      clauses.push('#tags.#tagKey = :tagValue');
      values[':tagValue'] = filter.tag.value;
    }
  }
  if (filter.sourceServerIds?.length) {
    const ids = filter.sourceServerIds.map((id, i) => {
      values[`:id${i}`] = id;
      return `:id${i}`;
    });
    clauses.push(`sourceServerId IN (${ids.join(', ')})`);
  }
  return clauses.length === 0
    ? {}
    : {
        FilterExpression: clauses.join(' AND '),
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
      };
}

/**
 * The source-server inventory (INVENTORY_TABLE): one record per DRS source
 * server under its account-region, and one marker per inventoried
 * account-region. Written by the inventory sync and by reads that found an
 * account-region stale; read by every route and task that needs server
 * details instead of DRS.
 */
export class SourceServerInventoryRepository {
  constructor(
    private readonly tableName = requireEnv(EnvNames.InventoryTable),
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  /** Every record of one account-region (all pages of a Query of its partition). */
  async listAccountRegion(accountId: string, region: string): Promise<SourceServerInventoryRecord[]> {
    return tableCall(this.tableName, 'Query', async () => {
      const records: SourceServerInventoryRecord[] = [];
      const pages = paginateQuery(
        { client: this.client },
        { TableName: this.tableName, KeyConditionExpression: 'accountRegion = :pk', ExpressionAttributeValues: { ':pk': inventoryKey(accountId, region) } },
      );
      for await (const page of pages) records.push(...((page.Items ?? []) as SourceServerInventoryRecord[]));
      return records;
    });
  }

  async putMany(records: readonly SourceServerInventoryRecord[]): Promise<number> {
    return tableCall(this.tableName, 'BatchWriteItem (put)', () => batchWrite(this.client, this.tableName, records.map((record) => ({ PutRequest: { Item: record } }))));
  }

  /** Removes the records of servers DRS no longer holds in the account-region. */
  async deleteMany(accountId: string, region: string, sourceServerIds: readonly string[]): Promise<number> {
    const accountRegion = inventoryKey(accountId, region);
    return tableCall(this.tableName, 'BatchWriteItem (delete)', () =>
      batchWrite(this.client, this.tableName, sourceServerIds.map((sourceServerId) => ({ DeleteRequest: { Key: { accountRegion, sourceServerId } } }))),
    );
  }

  /** Records when an account-region was last inventoried, and by what. */
  async putMarker(marker: InventorySyncMarker): Promise<void> {
    const item = { accountRegion: SYNC_MARKER_PARTITION, sourceServerId: inventoryKey(marker.accountId, marker.region), ...marker };
    await tableCall(this.tableName, 'PutItem (marker)', () => this.client.send(new PutCommand({ TableName: this.tableName, Item: item })));
  }

  /** Forgets when an account-region was inventoried (it is no longer registered). */
  async deleteMarker(accountId: string, region: string): Promise<void> {
    await tableCall(this.tableName, 'DeleteItem (marker)', () =>
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { accountRegion: SYNC_MARKER_PARTITION, sourceServerId: inventoryKey(accountId, region) } })),
    );
  }

  /** Every account-region's marker: one Query of the marker partition. */
  async listMarkers(): Promise<InventorySyncMarker[]> {
    return tableCall(this.tableName, 'Query (markers)', async () => {
      const markers: InventorySyncMarker[] = [];
      const pages = paginateQuery(
        { client: this.client },
        { TableName: this.tableName, KeyConditionExpression: 'accountRegion = :pk', ExpressionAttributeValues: { ':pk': SYNC_MARKER_PARTITION } },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const { accountId, region, lastUpdated, lastUpdatedBy, serverCount } = item as InventorySyncMarker;
          markers.push({ accountId, region, lastUpdated, lastUpdatedBy, serverCount });
        }
      }
      return markers;
    });
  }

  /**
   * One page of a listing: a Query of one account-region's partition when both
   * are given, else a Scan of the table without the markers. At most `limit`
   * items are read; the other filters apply within the page, so a page can be
   * short or empty while lastKey says more follow.
   */
  async page(filter: InventoryFilter, limit: number, startKey?: Record<string, unknown>): Promise<InventoryPage> {
    if (filter.accountId && filter.region) {
      const out = await tableCall(this.tableName, 'Query (page)', () =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'accountRegion = :pk',
            ...mergeValues(filterExpression(filter, { excludeMarkers: false, keyed: true }), { ':pk': inventoryKey(filter.accountId!, filter.region!) }),
            Limit: limit,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      return { records: (out.Items ?? []) as SourceServerInventoryRecord[], lastKey: out.LastEvaluatedKey };
    }
    const out = await tableCall(this.tableName, 'Scan (page)', () =>
      this.client.send(new ScanCommand({ TableName: this.tableName, ...filterExpression(filter, { excludeMarkers: true, keyed: false }), Limit: limit, ExclusiveStartKey: startKey })),
    );
    return { records: (out.Items ?? []) as SourceServerInventoryRecord[], lastKey: out.LastEvaluatedKey };
  }
}

function mergeValues<T extends { ExpressionAttributeValues?: Record<string, unknown> }>(expression: T, values: Record<string, unknown>) {
  return { ...expression, ExpressionAttributeValues: { ...(expression.ExpressionAttributeValues ?? {}), ...values } };
}
