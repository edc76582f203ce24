import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { RegionStatusRecord } from '../../../contracts/records/region-status';
import { DRS_COMMERCIAL_REGIONS } from '../../../lib/regions/drs-regions';
import { RegionStatusRepository } from '../../../lib/repositories/region-status';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';

let dynamo: TestDynamo;
let statuses: RegionStatusRepository;

beforeAll(async () => {
  dynamo = await startDynamo();
  await dynamo.documentClient.send(
    new CreateTableCommand({
      TableName: 'region-status',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'accountId', AttributeType: 'S' },
        { AttributeName: 'region', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'accountId', KeyType: 'HASH' },
        { AttributeName: 'region', KeyType: 'RANGE' },
      ],
    }),
  );
  statuses = new RegionStatusRepository('region-status', dynamo.documentClient);
});
afterAll(() => dynamo.close());

const record = (accountId: string, region: string, fields: Partial<RegionStatusRecord> = {}): RegionStatusRecord => ({
  accountId,
  region,
  serverCount: 0,
  initialized: true,
  lastChecked: '2026-12-01T10:00:00.000Z',
  lastError: null,
  ...fields,
});

describe('RegionStatusRepository', () => {
  it('put replaces the record of one account-region', async () => {
    await statuses.put(record('222222222222', 'us-east-1', { serverCount: 3 }));
    await statuses.put(record('222222222222', 'us-east-1', { serverCount: 5, checkedBy: 'inventory-sync' }));
    expect((await statuses.listAll()).filter((r) => r.accountId === '222222222222')).toEqual([record('222222222222', 'us-east-1', { serverCount: 5, checkedBy: 'inventory-sync' })]);
  });

  it('listAll reads every page of the Scan past DynamoDB\'s 1 MB page', async () => {
    // 28 regions × 24 accounts, each with a long error: well over 1 MB, so the Scan needs several pages.
    const message = 'x'.repeat(2000);
    const records = Array.from({ length: 24 }, (_, a) => String(400000000000 + a)).flatMap((accountId) =>
      DRS_COMMERCIAL_REGIONS.map((region) => record(accountId, region, { lastError: { errorName: 'AccessDeniedError', message, at: '2026-12-01T10:00:00.000Z' } })),
    );
    for (let i = 0; i < records.length; i += 25) {
      await dynamo.documentClient.send(new BatchWriteCommand({ RequestItems: { 'region-status': records.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    dynamo.commands.length = 0;
    const all = await statuses.listAll();
    expect(all.filter((r) => r.accountId.startsWith('4000000000'))).toHaveLength(records.length);
    expect(dynamo.commands.filter((c) => c.command === 'ScanCommand').length).toBeGreaterThan(1);
  });
});
