import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SyncName, SyncRunRecord } from '../../contracts/records/sync-run';
import { processClock } from '../clock';
import { EnvNames, requireEnv } from '../config';
import { documentClient } from '../dynamodb';
import { SyncAlreadyRunningError } from '../errors';
import { conditionalWrite, tableCall } from './table-calls';

/** The lock item lives beside the runs, under a sort key that sorts after every run id (runs start with an ISO date). */
const LOCK_RUN_ID = '~LOCK';

/** The sort key of a lock: the sync's own, or one of its scoped locks (e.g. per target account), which also sort after every run id. */
const lockRunId = (scope?: string) => (scope ? `${LOCK_RUN_ID}#${scope}` : LOCK_RUN_ID);

interface LockItem {
  syncName: SyncName;
  runId: string;
  holder: string;
  /** The run record of the holder, so whoever releases the lock on its behalf can find it. */
  holderRunId?: string;
  acquiredAt: string;
  expiresAtMs: number;
}


/** How a run ended when its execution stopped, timed out or failed before it could record that itself. */
export interface RunEnding {
  readonly status: Extract<SyncRunRecord['status'], 'FAILED' | 'TIMED_OUT' | 'ABORTED'>;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly errors: NonNullable<SyncRunRecord['errors']>;
}

/**
 * Runs of each sync, newest first, and the lock that keeps a sync from
 * overlapping itself. A run releases the lock when it completes or fails;
 * when its execution is stopped, times out or fails outside its Catch paths,
 * the execution-ended rule does (tasks/executions/release-ended-execution.ts).
 * The lock also expires on its own, as a last resort.
 */
export class SyncRunRepository {
  constructor(
    private readonly tableName = requireEnv(EnvNames.SyncRunTable),
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  /** Takes the lock for `holder`, or throws SyncAlreadyRunningError naming who holds it. Re-taking one's own lock succeeds, so a retried task is harmless. */
  async acquireLock(syncName: SyncName, holder: string, ttlMs: number, options: { nowMs?: number; holderRunId?: string; scope?: string } = {}): Promise<void> {
    const nowMs = options.nowMs ?? processClock.now().getTime();
    const item: LockItem = { syncName, runId: lockRunId(options.scope), holder, holderRunId: options.holderRunId, acquiredAt: new Date(nowMs).toISOString(), expiresAtMs: nowMs + ttlMs };
    const taken = await conditionalWrite(this.tableName, 'PutItem (lock)', () =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(syncName) OR expiresAtMs < :now OR holder = :holder',
          ExpressionAttributeValues: { ':now': nowMs, ':holder': holder },
        }),
      ),
    );
    if (!taken) throw new SyncAlreadyRunningError(`${syncName}${options.scope ? ` (${options.scope})` : ''} is already running; this run was not started to avoid overlapping it`);
  }

  /** Who holds the lock, and for which run; undefined when nobody does. */
  async lockHolder(syncName: SyncName, scope?: string): Promise<{ holder: string; holderRunId?: string } | undefined> {
    const out = await tableCall(this.tableName, 'GetItem (lock)', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: { syncName, runId: lockRunId(scope) }, ConsistentRead: true })),
    );
    const item = out.Item as LockItem | undefined;
    return item ? { holder: item.holder, holderRunId: item.holderRunId } : undefined;
  }

  /** Releases the lock if `holder` still holds it; true when it did. */
  async releaseLock(syncName: SyncName, holder: string, scope?: string): Promise<boolean> {
    return conditionalWrite(this.tableName, 'DeleteItem (lock)', () =>
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { syncName, runId: lockRunId(scope) },
          ConditionExpression: 'holder = :holder',
          ExpressionAttributeValues: { ':holder': holder },
        }),
      ),
    );
  }

  /**
   * Writes a run's final record, but only over its own RUNNING record: an end
   * already recorded (the execution-ended rule got there first) is never
   * replaced. True when written.
   */
  async finish(run: SyncRunRecord): Promise<boolean> {
    return conditionalWrite(this.tableName, 'PutItem (run end)', () =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: run,
          ConditionExpression: '#status = :running AND executionArn = :executionArn',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':running': 'RUNNING', ':executionArn': run.executionArn },
        }),
      ),
    );
  }

  /**
   * Records how a RUNNING run of `executionArn` ended; true when it did. A run
   * that has no record, or has already recorded its end, is left as it is.
   */
  async endRunning(syncName: SyncName, runId: string, executionArn: string, ending: RunEnding): Promise<boolean> {
    return conditionalWrite(this.tableName, 'UpdateItem (run end)', () =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { syncName, runId },
          UpdateExpression: 'SET #status = :status, endedAt = :endedAt, durationMs = :durationMs, #errors = :errors',
          ConditionExpression: '#status = :running AND executionArn = :executionArn',
          ExpressionAttributeNames: { '#status': 'status', '#errors': 'errors' },
          ExpressionAttributeValues: {
            ':status': ending.status,
            ':endedAt': ending.endedAt,
            ':durationMs': ending.durationMs,
            ':errors': ending.errors,
            ':running': 'RUNNING',
            ':executionArn': executionArn,
          },
        }),
      ),
    );
  }

  /** One run record, or undefined. */
  async get(syncName: SyncName, runId: string): Promise<SyncRunRecord | undefined> {
    const out = await tableCall(this.tableName, 'GetItem (run)', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: { syncName, runId }, ConsistentRead: true })),
    );
    return out.Item as SyncRunRecord | undefined;
  }

  async put(run: SyncRunRecord): Promise<void> {
    await tableCall(this.tableName, 'PutItem', () => this.client.send(new PutCommand({ TableName: this.tableName, Item: run })));
  }

  /** The newest runs first. */
  async latest(syncName: SyncName, limit: number): Promise<SyncRunRecord[]> {
    const out = await tableCall(this.tableName, 'Query', () =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'syncName = :s AND runId < :lock',
          ExpressionAttributeValues: { ':s': syncName, ':lock': LOCK_RUN_ID },
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    );
    return (out.Items ?? []) as SyncRunRecord[];
  }
}
