import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalPlatform } from '../../local/platform';
import { RecoveryInstanceRepository } from '../../lib/repositories/recovery-instances';
import { SyncRunRepository } from '../../lib/repositories/sync-runs';
import { TargetAccountRepository } from '../../lib/repositories/target-accounts';

/** Repositories on the platform's embedded DynamoDB, for tests to arrange and assert records. */
export function platformTables(platform: LocalPlatform) {
  const hub = platform.scenario.accounts.find((a) => a.accountId === platform.scenario.hubAccountId)!;
  const client = new DynamoDBClient({
    endpoint: platform.urls.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: hub.accessKeyId, secretAccessKey: hub.secretAccessKey },
  });
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    documents,
    recoveryInstances: new RecoveryInstanceRepository(platform.tables.RecoveryInstanceCache, documents),
    syncRuns: new SyncRunRepository(platform.tables.SyncRuns, documents),
    targetAccounts: new TargetAccountRepository(platform.tables.TargetAccounts, documents),
    /** Every item of a table, for whole-table assertions. */
    async scan(tableKey: string): Promise<Record<string, unknown>[]> {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await documents.send(new ScanCommand({ TableName: platform.tables[tableKey], ExclusiveStartKey }));
        items.push(...(out.Items ?? []));
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    },
    close: () => client.destroy(),
  };
}
