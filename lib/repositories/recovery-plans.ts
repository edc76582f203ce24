import { GetCommand, paginateScan, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ProtectionGroupRecord } from '../../contracts/records/protection-group';
import type { RecoveryPlanRecord } from '../../contracts/records/recovery-plan';
import { EnvNames, requireEnv } from '../config';
import { documentClient } from '../dynamodb';
import { batchGet } from './batch';
import { tableCall } from './table-calls';

/** Every item, all pages of a Scan. */
function scanAll<T>(client: DynamoDBDocumentClient, table: string): Promise<T[]> {
  return tableCall(table, 'Scan', async () => {
    const items: T[] = [];
    for await (const page of paginateScan({ client }, { TableName: table })) items.push(...((page.Items ?? []) as T[]));
    return items;
  });
}

/** Recovery plans. Reads only for now; plan editing comes with the plans capability. */
export class RecoveryPlanRepository {
  constructor(
    private readonly tableName = requireEnv(EnvNames.RecoveryPlanTable),
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  async get(planId: string): Promise<RecoveryPlanRecord | undefined> {
    const out = await tableCall(this.tableName, 'GetItem', () => this.client.send(new GetCommand({ TableName: this.tableName, Key: { planId } })));
    return out.Item as RecoveryPlanRecord | undefined;
  }

  async list(): Promise<RecoveryPlanRecord[]> {
    return scanAll<RecoveryPlanRecord>(this.client, this.tableName);
  }

  async put(plan: RecoveryPlanRecord): Promise<void> {
    await tableCall(this.tableName, 'PutItem', () => this.client.send(new PutCommand({ TableName: this.tableName, Item: plan })));
  }
}

export class ProtectionGroupRepository {
  constructor(
    private readonly tableName = requireEnv(EnvNames.ProtectionGroupTable),
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  async getMany(groupIds: readonly string[]): Promise<{ groups: ProtectionGroupRecord[]; reads: number }> {
    const { items, requests } = await tableCall(this.tableName, 'BatchGetItem', () =>
      batchGet<ProtectionGroupRecord>(this.client, this.tableName, [...new Set(groupIds)].map((groupId) => ({ groupId }))),
    );
    return { groups: items, reads: requests };
  }

  async list(): Promise<ProtectionGroupRecord[]> {
    return scanAll<ProtectionGroupRecord>(this.client, this.tableName);
  }

  async put(group: ProtectionGroupRecord): Promise<void> {
    await tableCall(this.tableName, 'PutItem', () => this.client.send(new PutCommand({ TableName: this.tableName, Item: group })));
  }
}
