import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { LocalEngine } from '../../../local/sfn';
import { MAIN_ARN, fixtureEngine } from './helpers';

// dynalite ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (o: object) => import('node:net').Server;

let server: import('node:net').Server;
let client: DynamoDBClient;
let local: LocalEngine;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  local = fixtureEngine({ dynamodbEndpoint: endpoint });
  for (const table of local.assembly.tables) await client.send(new CreateTableCommand(table.properties as never));
});
afterAll(async () => {
  await local.close();
  client.destroy();
  await new Promise((r) => server.close(r));
});

const run = async (input: object) => {
  const { executionArn } = local.engine.startExecution({ stateMachineArn: MAIN_ARN, input: JSON.stringify(input) });
  return local.engine.waitForExecution(executionArn);
};

test('putItem writes the item; the second run hits the ConditionExpression and is caught as DynamoDB.ConditionalCheckFailedException', async () => {
  const first = await run({ mode: 'record', runId: 'run-1' });
  expect(first.status).toBe('SUCCEEDED');
  const tableName = local.assembly.tables[0]!.tableName;
  const item = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'run-1' }, sk: { S: 'RUN' } } }));
  expect(item.Item).toEqual({ pk: { S: 'run-1' }, sk: { S: 'RUN' }, status: { S: 'STARTED' } });
  expect(JSON.parse(first.output!).record.SdkHttpMetadata.HttpStatusCode).toBe(200);

  const second = await run({ mode: 'record', runId: 'run-1' });
  expect(second.status).toBe('SUCCEEDED');
  const output = JSON.parse(second.output!);
  expect(output.record).toEqual({ duplicate: true });
  expect(output.recordError.Error).toBe('DynamoDB.ConditionalCheckFailedException');
  expect(output.recordError.Cause).toMatch(/Error Code: ConditionalCheckFailedException/);
  const failed = local.engine.getExecutionHistory(second.executionArn).items.find((e) => e.type === 'TaskFailed');
  expect(failed?.taskFailedEventDetails).toMatchObject({ resourceType: 'dynamodb', resource: 'putItem', error: 'DynamoDB.ConditionalCheckFailedException' });
});
