import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeSourceServersCommand, DrsClient } from '@aws-sdk/client-drs';
import { AwsClientFactory } from '../../../lib/aws/clients';
import { InventoryReader } from '../../../lib/inventory/reader';
import { SourceServerInventoryRepository } from '../../../lib/repositories/source-server-inventory';
import { mockSdkClient, type SdkStub } from '../../support/api/sdk-mock';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';

let dynamo: TestDynamo;
let inventory: SourceServerInventoryRepository;
let drs: SdkStub;
let now = new Date('2026-12-01T10:00:00.000Z');

const scope = { accountId: '111111111111', region: 'us-east-1' };
const server = (id: string, origin = 'us-west-2') => ({
  sourceServerID: id,
  replicationDirection: 'FAILOVER',
  dataReplicationInfo: { dataReplicationState: 'CONTINUOUS', lagDuration: 'PT10S' },
  sourceCloudProperties: { originAccountID: '333333333333', originRegion: origin },
});

beforeAll(async () => {
  dynamo = await startDynamo();
  await dynamo.documentClient.send(
    new CreateTableCommand({
      TableName: 'inventory',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'accountRegion', AttributeType: 'S' }, { AttributeName: 'sourceServerId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'accountRegion', KeyType: 'HASH' }, { AttributeName: 'sourceServerId', KeyType: 'RANGE' }],
    }),
  );
  inventory = new SourceServerInventoryRepository('inventory', dynamo.documentClient);
  drs = mockSdkClient(DrsClient);
});
afterAll(async () => {
  drs.restore();
  await dynamo.close();
});

const reader = (writer?: SourceServerInventoryRepository) =>
  new InventoryReader({
    inventory,
    writer,
    // The hub account: no role to assume.
    accounts: { get: async (accountId) => ({ accountId, roleArn: null, externalId: null }) },
    clients: new AwsClientFactory({ maxAttempts: 1 }),
    now: () => now,
  });

describe('InventoryReader (a task that may write)', () => {
  it('stale: reads DRS, writes the records and the marker; within 15 minutes the next read is served from the inventory with no DRS call', async () => {
    drs.on(DescribeSourceServersCommand).resolves({ items: [server('s-00000000000000001'), server('s-00000000000000002')] } as never);
    const [first] = await reader(inventory).resolve([scope], { withRecords: true, operation: 'test' });
    expect(first).toMatchObject({ servedBy: 'drs', lastUpdated: now.toISOString(), drsCalls: 1 });
    expect(first!.records!.map((r) => r.lastUpdatedBy)).toEqual(['read-fallback', 'read-fallback']);
    expect(await inventory.listMarkers()).toEqual([{ ...scope, lastUpdated: now.toISOString(), lastUpdatedBy: 'read-fallback', serverCount: 2 }]);

    drs.reset();
    now = new Date(now.getTime() + 14 * 60_000);
    const [second] = await reader(inventory).resolve([scope], { withRecords: true, operation: 'test' });
    expect(second).toMatchObject({ servedBy: 'inventory', drsCalls: 0 });
    expect(second!.records).toHaveLength(2);
    expect(drs.calls()).toHaveLength(0);
  });

  it('stale again: a server gone is removed, the topology of the others is kept though DRS now says otherwise', async () => {
    now = new Date(now.getTime() + 2 * 60_000);
    drs.on(DescribeSourceServersCommand).resolves({ items: [server('s-00000000000000001', 'eu-west-1')] } as never);
    const [answer] = await reader(inventory).resolve([scope], { withRecords: true, operation: 'test' });
    expect(answer!.servedBy).toBe('drs');
    const records = await inventory.listAccountRegion(scope.accountId, scope.region);
    expect(records.map((r) => r.sourceServerId)).toEqual(['s-00000000000000001']);
    expect(records[0]).toMatchObject({ originalSourceRegion: 'us-west-2', sourceEc2: { region: 'eu-west-1' } });
  });
});
