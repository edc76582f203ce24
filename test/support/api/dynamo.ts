import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, number>) => import('node:http').Server;

export interface TestDynamo {
  readonly endpoint: string;
  readonly documentClient: DynamoDBDocumentClient;
  /** Creates an empty target accounts table (key accountId:S) and returns its name. */
  createTargetAccountTable(): Promise<string>;
  close(): Promise<void>;
}

let tableCount = 0;

/**
 * An embedded DynamoDB (dynalite) on a free port. The table is created here
 * with the key schema the CDK data stack uses; a later change switches to the
 * tables synthesized from the CDK template.
 */
export async function startDynamo(): Promise<TestDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    endpoint,
    documentClient,
    async createTargetAccountTable() {
      const name = `target-accounts-${++tableCount}`;
      await client.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'accountId', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'accountId', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      return name;
    },
    async close() {
      // Clients first: open keep-alive sockets make dynalite's close wait ~6 s.
      documentClient.destroy();
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
