import { paginateScan, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RegionStatusRecord } from '../../contracts/records/region-status';
import { EnvNames, requireEnv } from '../config';
import { documentClient } from '../dynamodb';
import { tableCall } from './table-calls';

/** What the orchestrator last saw of DRS in each account and region (partition key accountId, sort key region). */
export class RegionStatusRepository {
  constructor(
    private readonly tableName = requireEnv(EnvNames.RegionStatusTable),
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  /** Every record, all pages of a Scan: a few hundred small items at most (accounts × 28 regions). */
  async listAll(): Promise<RegionStatusRecord[]> {
    return tableCall(this.tableName, 'Scan', async () => {
      const records: RegionStatusRecord[] = [];
      for await (const page of paginateScan({ client: this.client }, { TableName: this.tableName })) {
        records.push(...((page.Items ?? []) as RegionStatusRecord[]));
      }
      return records;
    });
  }

  /** Replaces the record of one account-region with what a scan found. */
  async put(record: RegionStatusRecord): Promise<void> {
    await tableCall(this.tableName, 'PutItem', () => this.client.send(new PutCommand({ TableName: this.tableName, Item: record })));
  }
}
