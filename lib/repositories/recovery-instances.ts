import { paginateQuery, paginateScan, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RecoveryInstanceRecord } from '../../contracts/records/recovery-instance';
import { EnvNames, requireEnv } from '../config';
import { documentClient } from '../dynamodb';
import { batchGet, batchWrite } from './batch';
import { tableCall } from './table-calls';

export const RecoveryInstanceIndexes = {
  /** Partition key sourceExecutionId: an execution's instances without a scan. */
  bySourceExecution: 'bySourceExecution',
  /** Partition key accountRegion: what a sync of one account-region must reconcile. */
  byAccountRegion: 'byAccountRegion',
  /** Partition key recoveryInstanceId: where a recovery instance is (account, region), for terminating exactly it. */
  byRecoveryInstance: 'byRecoveryInstance',
} as const;

/** Index queries in flight at once when looking up many recovery instances. */
const LOOKUP_CONCURRENCY = 16;

/**
 * The attributes `scanFacetFields` reads: what the listing filters on, and
 * what names and orders an execution. Everything else stays in the table.
 */
export const FACET_ATTRIBUTES = ['accountId', 'region', 'ec2InstanceState', 'sourceExecutionId', 'sourcePlanName', 'isDrill', 'launchTime'] as const;
export type RecoveryInstanceFacetFields = Pick<RecoveryInstanceRecord, (typeof FACET_ATTRIBUTES)[number]>;

export const accountRegionKey = (accountId: string, region: string) => `${accountId}#${region}`;

/** A GSI key attribute must be a string when present: a null one is left out of the item, and put back on read. */
function toItem(record: RecoveryInstanceRecord): Record<string, unknown> {
  const { sourceExecutionId, ...rest } = record;
  return sourceExecutionId === null ? rest : record;
}

function fromItem(item: Record<string, unknown>): RecoveryInstanceRecord {
  return { ...item, sourceExecutionId: (item.sourceExecutionId as string | undefined) ?? null } as RecoveryInstanceRecord;
}

/** The recovery-instance cache: one record per source server that has a recovery instance. */
export class RecoveryInstanceRepository {
  constructor(
    private readonly tableName = requireEnv(EnvNames.RecoveryInstanceTable),
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  /** Reads the records of these source servers; servers without a record are simply absent. */
  async getMany(sourceServerIds: readonly string[]): Promise<{ records: RecoveryInstanceRecord[]; reads: number }> {
    const unique = [...new Set(sourceServerIds)];
    const { items, requests } = await tableCall(this.tableName, 'BatchGetItem', () =>
      batchGet<Record<string, unknown>>(this.client, this.tableName, unique.map((sourceServerId) => ({ sourceServerId }))),
    );
    return { records: items.map(fromItem), reads: requests };
  }

  async putMany(records: readonly RecoveryInstanceRecord[]): Promise<number> {
    return tableCall(this.tableName, 'BatchWriteItem (put)', () => batchWrite(this.client, this.tableName, records.map((record) => ({ PutRequest: { Item: toItem(record) } }))));
  }

  async deleteMany(sourceServerIds: readonly string[]): Promise<number> {
    return tableCall(this.tableName, 'BatchWriteItem (delete)', () =>
      batchWrite(this.client, this.tableName, sourceServerIds.map((sourceServerId) => ({ DeleteRequest: { Key: { sourceServerId } } }))),
    );
  }

  /** Every record launched by one orchestrator execution (GSI query, paginated). */
  async listByExecution(executionId: string): Promise<RecoveryInstanceRecord[]> {
    return this.queryAll(RecoveryInstanceIndexes.bySourceExecution, 'sourceExecutionId', executionId);
  }

  /** Every record of one account and region (GSI query, paginated). */
  async listByAccountRegion(accountId: string, region: string): Promise<RecoveryInstanceRecord[]> {
    return this.queryAll(RecoveryInstanceIndexes.byAccountRegion, 'accountRegion', accountRegionKey(accountId, region));
  }

  /**
   * The records of these recovery instances (one index query per id, a few
   * at a time); ids the cache does not hold are simply absent.
   */
  async getManyByRecoveryInstance(recoveryInstanceIds: readonly string[]): Promise<RecoveryInstanceRecord[]> {
    const pending = [...new Set(recoveryInstanceIds)];
    const records: RecoveryInstanceRecord[] = [];
    const worker = async () => {
      for (let id = pending.shift(); id !== undefined; id = pending.shift()) {
        records.push(...(await this.queryAll(RecoveryInstanceIndexes.byRecoveryInstance, 'recoveryInstanceId', id)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, pending.length) }, worker));
    return records;
  }

  /**
   * One page of a Scan of the whole cache: at most `limit` records, and the
   * key to go on from (undefined on the last page). The API's listing uses it;
   * the sync and the services use the keyed reads above.
   */
  async scanPage(limit: number, startKey?: Record<string, unknown>): Promise<{ records: RecoveryInstanceRecord[]; lastKey: Record<string, unknown> | undefined }> {
    const out = await tableCall(this.tableName, 'Scan', () => this.client.send(new ScanCommand({ TableName: this.tableName, Limit: limit, ExclusiveStartKey: startKey })));
    return { records: (out.Items ?? []).map(fromItem), lastKey: out.LastEvaluatedKey };
  }

  /** Every record: all pages of a Scan of the cache (one record per source server with a recovery instance). */
  async scanAll(): Promise<RecoveryInstanceRecord[]> {
    return tableCall(this.tableName, 'Scan (all)', async () => {
      const records: RecoveryInstanceRecord[] = [];
      for await (const page of paginateScan({ client: this.client }, { TableName: this.tableName })) records.push(...(page.Items ?? []).map(fromItem));
      return records;
    });
  }

  /**
   * The facet attributes of every record: a Scan of the whole cache, page by
   * page, with a projection, so an answer carries a few short strings per
   * record. Attributes a record lacks come back null, as fromItem does.
   */
  async scanFacetFields(): Promise<RecoveryInstanceFacetFields[]> {
    const names = Object.fromEntries(FACET_ATTRIBUTES.map((name, i) => [`#a${i}`, name]));
    return tableCall(this.tableName, 'Scan (facets)', async () => {
      const fields: RecoveryInstanceFacetFields[] = [];
      const pages = paginateScan({ client: this.client }, { TableName: this.tableName, ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names });
      for await (const page of pages) {
        for (const item of page.Items ?? []) fields.push(Object.fromEntries(FACET_ATTRIBUTES.map((name) => [name, item[name] ?? null])) as RecoveryInstanceFacetFields);
      }
      return fields;
    });
  }

  /** Where each cached record belongs: a Scan of the whole cache projected to its key, account and region. */
  async scanPlacements(): Promise<Array<{ sourceServerId: string; accountId: string; region: string }>> {
    return tableCall(this.tableName, 'Scan (placements)', async () => {
      const placements: Array<{ sourceServerId: string; accountId: string; region: string }> = [];
      const pages = paginateScan(
        { client: this.client },
        { TableName: this.tableName, ProjectionExpression: '#s, #a, #r', ExpressionAttributeNames: { '#s': 'sourceServerId', '#a': 'accountId', '#r': 'region' } },
      );
      for await (const page of pages) for (const item of page.Items ?? []) placements.push(item as { sourceServerId: string; accountId: string; region: string });
      return placements;
    });
  }

  private async queryAll(indexName: string, keyName: string, value: string): Promise<RecoveryInstanceRecord[]> {
    return tableCall(this.tableName, `Query ${indexName}`, async () => {
      const records: RecoveryInstanceRecord[] = [];
      const pages = paginateQuery(
        { client: this.client },
        { TableName: this.tableName, IndexName: indexName, KeyConditionExpression: '#k = :v', ExpressionAttributeNames: { '#k': keyName }, ExpressionAttributeValues: { ':v': value } },
      );
      for await (const page of pages) records.push(...(page.Items ?? []).map(fromItem));
      return records;
    });
  }
}
