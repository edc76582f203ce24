import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { SourceServer } from '@aws-sdk/client-drs';
import { toInventoryRecord } from '../../../lib/inventory/map-server';
import { SourceServerInventoryRepository } from '../../../lib/repositories/source-server-inventory';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';

let dynamo: TestDynamo;
let inventory: SourceServerInventoryRepository;

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
});
afterAll(() => dynamo.close());

const now = new Date('2026-12-01T10:00:00.000Z');
const record = (n: number, accountId: string, region: string, state: string, tags: Record<string, string>) =>
  toInventoryRecord(
    { sourceServerID: `s-${n.toString(16).padStart(17, '0')}`, tags, dataReplicationInfo: { dataReplicationState: state } } as SourceServer,
    { accountId, region, now, writer: 'inventory-sync' },
  ).record;

describe('SourceServerInventoryRepository', () => {
  beforeAll(async () => {
    await inventory.putMany([
      record(1, '111111111111', 'us-east-1', 'CONTINUOUS', { App: 'a' }),
      record(2, '111111111111', 'us-east-1', 'STALLED', { App: 'b' }),
      record(3, '111111111111', 'us-west-2', 'CONTINUOUS', {}),
      record(4, '222222222222', 'us-east-1', 'CONTINUOUS', { App: 'a' }),
    ]);
    await inventory.putMarker({ accountId: '111111111111', region: 'us-east-1', lastUpdated: now.toISOString(), lastUpdatedBy: 'inventory-sync', serverCount: 2 });
  });

  it('lists one account-region from its partition, and the markers from theirs', async () => {
    expect((await inventory.listAccountRegion('111111111111', 'us-east-1')).map((r) => r.sourceServerId)).toEqual(['s-00000000000000001', 's-00000000000000002']);
    expect(await inventory.listMarkers()).toEqual([{ accountId: '111111111111', region: 'us-east-1', lastUpdated: now.toISOString(), lastUpdatedBy: 'inventory-sync', serverCount: 2 }]);
  });

  it('pages with filters: keyed by account-region, or a scan that never returns markers', async () => {
    const keyed = await inventory.page({ accountId: '111111111111', region: 'us-east-1', replicationState: 'STALLED' }, 10);
    expect(keyed.records.map((r) => r.sourceServerId)).toEqual(['s-00000000000000002']);
    const tagged = await inventory.page({ tag: { key: 'App', value: 'a' } }, 100);
    expect(tagged.records.map((r) => r.sourceServerId).sort()).toEqual(['s-00000000000000001', 's-00000000000000004']);
    const hasTag = await inventory.page({ tag: { key: 'App' }, accountId: '111111111111' }, 100);
    expect(hasTag.records.map((r) => r.sourceServerId).sort()).toEqual(['s-00000000000000001', 's-00000000000000002']);
    const all: string[] = [];
    let key: Record<string, unknown> | undefined;
    do {
      const page = await inventory.page({}, 2, key);
      all.push(...page.records.map((r) => r.sourceServerId));
      key = page.lastKey;
    } while (key);
    expect(all.sort()).toEqual(['s-00000000000000001', 's-00000000000000002', 's-00000000000000003', 's-00000000000000004']);
  });

  it('deletes the records of servers gone from one account-region only', async () => {
    await inventory.deleteMany('111111111111', 'us-east-1', ['s-00000000000000002']);
    expect((await inventory.listAccountRegion('111111111111', 'us-east-1')).map((r) => r.sourceServerId)).toEqual(['s-00000000000000001']);
    expect(await inventory.listAccountRegion('111111111111', 'us-west-2')).toHaveLength(1);
  });
});
