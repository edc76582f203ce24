import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SyncName, SyncRunRecord } from '../../contracts/records/sync-run';
import { EnvNames, requireEnv } from '../config';
import { documentClient } from '../dynamodb';
import { SyncAlreadyRunningError } from '../errors';

/** The lock item lives beside the runs, under a sort key that sorts after every run id (runs start with an ISO date). */
const LOCK_RUN_ID = '~LOCK';

interface LockItem {
  syncName: SyncName;
  runId: typeof LOCK_RUN_ID;
  holder: string;
  acquiredAt: string;
  expiresAtMs: number;
}

const isConditionFailure = (e: unknown) => (e as { name?: string }).name === 'ConditionalCheckFailedException';

/**
 * Runs of each sync, newest first, and the lock that keeps a sync from
 * overlapping itself. The lock expires on its own, so a run stopped before it
 * could release it (StopExecution, a timeout) blocks the next runs only until then.
 */
export class SyncRunRepository {
  constructor(
    private readonly tableName = requireEnv(EnvNames.SyncRunTable),
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  /** Takes the lock for `holder`, or throws SyncAlreadyRunningError naming who holds it. Re-taking one's own lock succeeds, so a retried task is harmless. */
  async acquireLock(syncName: SyncName, holder: string, ttlMs: number, nowMs = Date.now()): Promise<void> {
    const item: LockItem = { syncName, runId: LOCK_RUN_ID, holder, acquiredAt: new Date(nowMs).toISOString(), expiresAtMs: nowMs + ttlMs };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(syncName) OR expiresAtMs < :now OR holder = :holder',
          ExpressionAttributeValues: { ':now': nowMs, ':holder': holder },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      throw new SyncAlreadyRunningError(`${syncName} is already running; this run was not started to avoid overlapping it`);
    }
  }

  /** Releases the lock if `holder` still holds it. */
  async releaseLock(syncName: SyncName, holder: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { syncName, runId: LOCK_RUN_ID },
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async put(run: SyncRunRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: run }));
  }

  /** The newest runs first. */
  async latest(syncName: SyncName, limit: number): Promise<SyncRunRecord[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'syncName = :s AND runId < :lock',
        ExpressionAttributeValues: { ':s': syncName, ':lock': LOCK_RUN_ID },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []) as SyncRunRecord[];
  }
}
