import { ConditionalCheckFailedException, DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RecoveryJobRecord } from '../../../contracts/records/recovery-job';
import type { TargetAccountRecord } from '../../../contracts/records/target-account';
import { RecoveryJobRepository } from '../../../lib/repositories/recovery-jobs';
import { ProtectionGroupRepository, RecoveryPlanRepository } from '../../../lib/repositories/recovery-plans';
import { TargetAccountRepository } from '../../../lib/repositories/target-accounts';
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

describe('every repository goes through the one wrapper', () => {
  const throttled = () => new ProvisionedThroughputExceededException({ message: 'slow down', ...meta });
  const serverError = () => Object.assign(new Error('internal'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } });
  const denied = () => Object.assign(new Error('no'), { name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
  const condition = () => new ConditionalCheckFailedException({ message: 'no', ...meta });

  const account = { accountId: '222222222222', name: 'a', updatedAt: '2026-01-01T00:00:00.000Z' } as TargetAccountRecord;
  const job: RecoveryJobRecord = {
    jobId: 'drsjob-00000000000000001',
    executionId: 'exec-1',
    waveId: 'wave-1',
    waveName: 'Databases',
    planId: 'plan-1',
    planName: 'Core',
    executionType: 'RECOVERY',
    accountId: '222222222222',
    region: 'us-east-1',
    startedAt: '2026-11-20T08:00:00.000Z',
  };

  it('target accounts: reads and writes leave as named errors naming the table; a failed condition is still ConflictError or NotFoundError', async () => {
    const accounts = new TargetAccountRepository('TargetAccounts', client);
    documents.on(GetCommand).rejects(throttled());
    documents.on(ScanCommand).rejects(serverError());
    documents.on(PutCommand).rejects(denied());
    documents.on(DeleteCommand).rejects(condition());
    await expect(accounts.get('222222222222')).rejects.toMatchObject({ name: 'ThrottlingError', message: expect.stringMatching(/^DynamoDB GetItem on TargetAccounts: ProvisionedThroughputExceededException/) });
    await expect(accounts.list()).rejects.toMatchObject({ name: 'ServiceUnavailableError', message: expect.stringContaining('DynamoDB Scan on TargetAccounts') });
    await expect(accounts.create(account)).rejects.toMatchObject({ name: 'AccessDeniedError', message: expect.stringContaining('DynamoDB PutItem (create) on TargetAccounts') });
    await expect(accounts.delete('222222222222')).rejects.toMatchObject({ name: 'NotFoundError' });
    documents.on(PutCommand).rejects(condition());
    await expect(accounts.create(account)).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('recovery plans and protection groups: an SDK failure is a named error, not the SDK’s own', async () => {
    documents.on(GetCommand).rejects(throttled());
    documents.on(ScanCommand).rejects(throttled());
    documents.on(PutCommand).rejects(serverError());
    documents.on(BatchGetCommand).rejects(denied());
    const plans = new RecoveryPlanRepository('RecoveryPlans', client);
    const groups = new ProtectionGroupRepository('ProtectionGroups', client);
    await expect(plans.get('p')).rejects.toMatchObject({ name: 'ThrottlingError', message: expect.stringContaining('DynamoDB GetItem on RecoveryPlans') });
    await expect(plans.list()).rejects.toMatchObject({ name: 'ThrottlingError', message: expect.stringContaining('DynamoDB Scan on RecoveryPlans') });
    await expect(plans.put({ planId: 'p', name: 'P', waves: [] } as never)).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    await expect(groups.getMany(['g'])).rejects.toMatchObject({ name: 'AccessDeniedError', message: expect.stringContaining('DynamoDB BatchGetItem on ProtectionGroups') });
    await expect(groups.list()).rejects.toMatchObject({ name: 'ThrottlingError', message: expect.stringContaining('DynamoDB Scan on ProtectionGroups') });
  });

  it('recovery jobs: throttling on the write is retryable ThrottlingError, access denied is not, and a taken job stays ConflictError', async () => {
    const jobs = new RecoveryJobRepository('RecoveryJobs', client);
    documents.on(PutCommand).rejects(throttled());
    await expect(jobs.put(job)).rejects.toMatchObject({ name: 'ThrottlingError', message: expect.stringContaining('DynamoDB PutItem on RecoveryJobs') });
    documents.on(PutCommand).rejects(condition());
    await expect(jobs.put(job)).rejects.toMatchObject({ name: 'ConflictError' });
    documents.on(BatchGetCommand).rejects(denied());
    await expect(jobs.getMany([job.jobId])).rejects.toMatchObject({ name: 'AccessDeniedError', message: expect.stringContaining('DynamoDB BatchGetItem on RecoveryJobs') });
  });
});
