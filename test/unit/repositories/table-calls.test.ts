import { ConditionalCheckFailedException, DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockSdkClient } from '../../support/api/sdk-mock';
import { SyncRunRepository } from '../../../lib/repositories/sync-runs';
import { RecoveryInstanceRepository } from '../../../lib/repositories/recovery-instances';

const documents = mockSdkClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const meta = { $metadata: { httpStatusCode: 400 } };

afterEach(() => documents.reset());
afterAll(() => documents.restore());

describe('repositories call DynamoDB one way', () => {
  it('throttling leaves as ThrottlingError naming the table and operation, so Step Functions retries it', async () => {
    documents.on(QueryCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', ...meta }));
    await expect(new SyncRunRepository('SyncRuns', client).latest('recovery-instance-sync', 5)).rejects.toMatchObject({ name: 'ThrottlingError', message: expect.stringMatching(/^DynamoDB Query on SyncRuns: ProvisionedThroughputExceededException/) });
    await expect(new RecoveryInstanceRepository('Cache', client).listByAccountRegion('222222222222', 'us-east-1')).rejects.toMatchObject({ name: 'ThrottlingError' });
  });

  it('a condition that does not hold is an answer: the lock is busy, a run already ended', async () => {
    documents.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'no', ...meta }));
    documents.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'no', ...meta }));
    const runs = new SyncRunRepository('SyncRuns', client);
    await expect(runs.acquireLock('recovery-instance-sync', 'arn:aws:states:us-east-1:1:execution:m:a', 1000)).rejects.toMatchObject({ name: 'SyncAlreadyRunningError' });
    await expect(runs.endRunning('recovery-instance-sync', 'r', 'arn', { status: 'ABORTED', endedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, errors: [] })).resolves.toBe(false);
  });

  it('a 5xx leaves as ServiceUnavailableError', async () => {
    documents.on(PutCommand).rejects(Object.assign(new Error('internal'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } }));
    await expect(new SyncRunRepository('SyncRuns', client).put({ syncName: 'recovery-instance-sync', runId: 'r', executionArn: 'a', status: 'RUNNING', startedAt: '2026-01-01T00:00:00.000Z' })).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
  });
});
