import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbFaults } from '../../../local/dynamodb-faults';

// dynalite ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

let server: Server;
let faults: DynamoDbFaults;
let raw: DynamoDBClient;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  faults = new DynamoDbFaults();
  server = faults.wrap(dynalite({ createTableMs: 0 }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // No SDK retries: each call is one request, so the rule counts are exact.
  raw = new DynamoDBClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
  documents = DynamoDBDocumentClient.from(raw);
  for (const TableName of ['Alpha', 'Beta']) {
    await raw.send(new CreateTableCommand({ TableName, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }));
  }
});
afterEach(() => faults.setFaults([]));
afterAll(async () => {
  raw.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('DynamoDbFaults', () => {
  it('fails only the operation and table a rule names, as DynamoDB answers, and lets the rest through unchanged', async () => {
    faults.setFaults([{ operation: 'PutItem', table: 'Alpha', fault: 'access-denied' }]);
    await expect(documents.send(new PutCommand({ TableName: 'Alpha', Item: { id: '1' } }))).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    await documents.send(new PutCommand({ TableName: 'Beta', Item: { id: '1', note: 'é'.repeat(1000) } }));
    expect((await documents.send(new GetCommand({ TableName: 'Beta', Key: { id: '1' } }))).Item).toEqual({ id: '1', note: 'é'.repeat(1000) });
    expect((await documents.send(new GetCommand({ TableName: 'Alpha', Key: { id: '1' } }))).Item).toBeUndefined();
    expect(faults.hits()).toEqual([1]);
  });

  it('spends a counted rule, matches a batch that names the table, and answers throttling and 5xx by their names', async () => {
    faults.setFaults([
      { operation: 'BatchGetItem', table: 'Beta', fault: 'throttle', count: 1 },
      { table: 'Alpha', fault: 'server-error', count: 1 },
    ]);
    const batch = () => documents.send(new BatchGetCommand({ RequestItems: { Alpha: { Keys: [{ id: '1' }] }, Beta: { Keys: [{ id: '1' }] } } }));
    await expect(batch()).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    // The first rule is spent: the batch now meets the second, which names table Alpha.
    await expect(batch()).rejects.toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
    expect((await batch()).Responses?.Beta).toHaveLength(1);
    expect(faults.hits()).toEqual([1, 1]);
  });

  it('refuses a rule that would inject nothing', () => {
    expect(() => faults.setFaults([{ operation: 'PutItems' as never, fault: 'throttle' }])).toThrow(/operation must be one of/);
    expect(() => faults.setFaults([{ fault: 'throttle', count: 0 }])).toThrow(/count/);
  });
});
