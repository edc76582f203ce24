import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { recoveryJobRecordSchema, type RecoveryJobRecord } from '../../contracts/records/recovery-job';
import { EnvNames, requireEnv } from '../config';
import { documentClient } from '../dynamodb';
import { ConflictError } from '../errors';
import { assertValid } from '../validation';
import { batchGet } from './batch';
import { conditionalWrite, tableCall } from './table-calls';

/**
 * The DRS jobs the orchestrator started, by job id. Wave execution writes a
 * record as it starts each job; the syncs read them to learn which execution
 * launched a recovery instance (its `jobID`).
 */
export class RecoveryJobRepository {
  constructor(
    private readonly tableName = requireEnv(EnvNames.RecoveryJobTable),
    private readonly client: DynamoDBDocumentClient = documentClient(),
  ) {}

  /**
   * Records a job. Writing the same job for the same execution again (a
   * retried task) succeeds; a job already recorded for another execution is a
   * ConflictError, so a job is never re-attributed.
   */
  async put(record: RecoveryJobRecord): Promise<void> {
    const item = assertValid<RecoveryJobRecord>(recoveryJobRecordSchema, record, 'recovery job record');
    const written = await conditionalWrite(this.tableName, 'PutItem', () =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(jobId) OR executionId = :executionId',
          ExpressionAttributeValues: { ':executionId': item.executionId },
        }),
      ),
    );
    if (!written) throw new ConflictError(`DRS job ${item.jobId} is already recorded for another execution`);
  }

  /** The records of these jobs, by job id; a job the orchestrator did not start is absent. */
  async getMany(jobIds: readonly string[]): Promise<{ jobs: Map<string, RecoveryJobRecord>; reads: number }> {
    const unique = [...new Set(jobIds)];
    if (unique.length === 0) return { jobs: new Map(), reads: 0 };
    const { items, requests } = await tableCall(this.tableName, 'BatchGetItem', () =>
      batchGet<RecoveryJobRecord>(this.client, this.tableName, unique.map((jobId) => ({ jobId }))),
    );
    return { jobs: new Map(items.map((job) => [job.jobId, job])), reads: requests };
  }
}
