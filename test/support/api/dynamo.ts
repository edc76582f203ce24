import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RecoveryInstanceIndexes } from '../../../lib/repositories/recovery-instances';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, number>) => import('node:http').Server;

/** One DynamoDB command the test client sent. */
export interface LoggedCommand {
  /** The low-level command name, e.g. `BatchGetItemCommand` (a document client's BatchGetCommand included). */
  readonly command: string;
  /** The tables the command named. */
  readonly tables: readonly string[];
}

export interface TestDynamo {
  readonly endpoint: string;
  readonly documentClient: DynamoDBDocumentClient;
  /** Every command sent through `documentClient`, in order; clear it with `commands.length = 0`. */
  readonly commands: LoggedCommand[];
  /** Creates an empty target accounts table (key accountId:S) and returns its name. */
  createTargetAccountTable(): Promise<string>;
  /** The recovery-instance cache: key sourceServerId, GSIs bySourceExecution, byAccountRegion and byRecoveryInstance. */
  createRecoveryInstanceTable(): Promise<string>;
  /** Sync runs: key syncName + runId. */
  createSyncRunTable(): Promise<string>;
  /** Region status: key accountId + region. */
  createRegionStatusTable(): Promise<string>;
  /** The source-server inventory: keys accountRegion + sourceServerId. */
  createInventoryTable(): Promise<string>;
  /** Protection groups: key groupId. */
  createProtectionGroupTable(): Promise<string>;
  /** Recovery plans: key planId. */
  createRecoveryPlanTable(): Promise<string>;
  close(): Promise<void>;
}

let tableCount = 0;

function tablesOf(input: unknown): string[] {
  const i = (input ?? {}) as { TableName?: string; RequestItems?: Record<string, unknown> };
  return i.TableName ? [i.TableName] : Object.keys(i.RequestItems ?? {});
}

/**
 * An embedded DynamoDB (dynalite) on a free port. The tables are created here
 * with the key schemas of the CDK data stack (infra/stacks/data-stack.ts); a
 * later change switches to the tables synthesized from the CDK template.
 */
export async function startDynamo(): Promise<TestDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const commands: LoggedCommand[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push({ command: String(context.commandName), tables: tablesOf(args.input) });
      return next(args);
    },
    { step: 'initialize', name: 'testCommandLog' },
  );
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  const create = async (prefix: string, keys: [string, string?], extra: Partial<CreateTableCommandInput> = {}) => {
    const name = `${prefix}-${++tableCount}`;
    const [hash, range] = keys;
    const attributes = new Set([hash, ...(range ? [range] : []), ...(extra.AttributeDefinitions ?? []).map((a) => a.AttributeName!)]);
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        ...extra,
        AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [{ AttributeName: hash, KeyType: 'HASH' }, ...(range ? [{ AttributeName: range, KeyType: 'RANGE' as const }] : [])],
      }),
    );
    return name;
  };
  const index = (IndexName: string, AttributeName: string) => ({
    IndexName,
    KeySchema: [{ AttributeName, KeyType: 'HASH' as const }],
    Projection: { ProjectionType: 'ALL' as const },
  });

  return {
    endpoint,
    documentClient,
    commands,
    createTargetAccountTable: () => create('target-accounts', ['accountId']),
    createRecoveryInstanceTable: () =>
      create('recovery-instances', ['sourceServerId'], {
        AttributeDefinitions: [
          { AttributeName: 'sourceExecutionId', AttributeType: 'S' },
          { AttributeName: 'accountRegion', AttributeType: 'S' },
          { AttributeName: 'recoveryInstanceId', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [
          index(RecoveryInstanceIndexes.bySourceExecution, 'sourceExecutionId'),
          index(RecoveryInstanceIndexes.byAccountRegion, 'accountRegion'),
          index(RecoveryInstanceIndexes.byRecoveryInstance, 'recoveryInstanceId'),
        ],
      }),
    createSyncRunTable: () => create('sync-runs', ['syncName', 'runId']),
    createRegionStatusTable: () => create('region-status', ['accountId', 'region']),
    createInventoryTable: () => create('inventory', ['accountRegion', 'sourceServerId']),
    createProtectionGroupTable: () => create('protection-groups', ['groupId']),
    createRecoveryPlanTable: () => create('recovery-plans', ['planId']),
    async close() {
      // Clients first: open keep-alive sockets make dynalite's close wait ~6 s.
      documentClient.destroy();
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
