import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { RecoveryJobRecord } from '../../../contracts/records/recovery-job';
import { RecoveryJobRepository } from '../../../lib/repositories/recovery-jobs';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';

let dynamo: TestDynamo;
let jobs: RecoveryJobRepository;

beforeAll(async () => {
  dynamo = await startDynamo();
  await dynamo.documentClient.send(
    new CreateTableCommand({
      TableName: 'recovery-jobs',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'jobId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
    }),
  );
  jobs = new RecoveryJobRepository('recovery-jobs', dynamo.documentClient);
});
afterAll(() => dynamo.close());

const jobId = (n: number) => `drsjob-${n.toString(16).padStart(17, '0')}`;
const job = (n: number, executionId = 'exec-1'): RecoveryJobRecord => ({
  jobId: jobId(n),
  executionId,
  waveId: 'wave-1',
  waveName: 'Databases',
  planId: 'plan-1',
  planName: 'Core',
  executionType: 'RECOVERY',
  accountId: '222222222222',
  region: 'us-east-1',
  startedAt: '2026-11-20T08:00:00.000Z',
});

describe('RecoveryJobRepository', () => {
  it('reads many jobs with BatchGetItem (100 keys a request); unknown jobs are absent', async () => {
    for (let n = 1; n <= 150; n++) await jobs.put(job(n));
    dynamo.commands.length = 0;
    const ids = [...Array.from({ length: 150 }, (_, i) => jobId(i + 1)), jobId(999), jobId(1)];
    const { jobs: found, reads } = await jobs.getMany(ids);
    expect(found.size).toBe(150);
    expect(found.get(jobId(42))).toEqual(job(42));
    expect(found.has(jobId(999))).toBe(false);
    expect(reads).toBe(2);
    expect(dynamo.commands.map((c) => c.command)).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    expect(await jobs.getMany([])).toEqual({ jobs: new Map(), reads: 0 });
  });

  it('a retried write for the same execution succeeds; a job is never re-attributed to another execution', async () => {
    await jobs.put(job(500));
    await expect(jobs.put(job(500))).resolves.toBeUndefined();
    await expect(jobs.put(job(500, 'exec-2'))).rejects.toMatchObject({ name: 'ConflictError' });
    expect((await jobs.getMany([jobId(500)])).jobs.get(jobId(500))!.executionId).toBe('exec-1');
  });

  it('refuses a record its schema refuses, before writing', async () => {
    await expect(jobs.put({ ...job(600), executionType: 'TEST' as 'DRILL' })).rejects.toMatchObject({ name: 'InputValidationError' });
    expect((await jobs.getMany([jobId(600)])).jobs.size).toBe(0);
  });
});
