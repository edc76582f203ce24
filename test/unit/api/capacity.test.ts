import '../../support/api/env';
import { mockSdkClient } from '../../support/api/sdk-mock';
import { DescribeJobsCommand, DescribeSourceServersCommand, DrsClient } from '@aws-sdk/client-drs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createApiHandler } from '../../../api/handler';
import type { ApiDeps } from '../../../api/deps';
import { capacityStatus, readAccount } from '../../../lib/staging/capacity';
import { startDynamo, type TestDynamo } from '../../support/api/dynamo';
import { createBody, FIXED_NOW, lambdaContext, testDeps } from '../../support/api/fixtures';

const sts = mockSdkClient(STSClient);
const drs = mockSdkClient(DrsClient);
const credentials = { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3_600_000) };
const sdkError = (name: string, status: number) => Object.assign(new Error(`${name} (test)`), { name, $metadata: { httpStatusCode: status } });

const TARGET = '222222222222';
const STAGING = '444444444444';
const server = (state: string, status = 'NOT_EXTENDED') => ({ dataReplicationInfo: { dataReplicationState: state }, stagingArea: { status } });
const servers = (n: number, state = 'CONTINUOUS', status = 'NOT_EXTENDED') => Array.from({ length: n }, () => server(state, status));

let dynamo: TestDynamo;
let deps: ApiDeps;
let call: (operation: string, params?: Record<string, unknown>) => Promise<{ statusCode: number; body: any }>;

/** Answers by the account whose assumed role signs the call (the access key the mocked STS gave it). */
function byAccount(answers: Record<string, unknown[] | Error>) {
  return async (_input: unknown, getClient: () => any) => {
    const creds = await getClient().config.credentials();
    const answer = answers[creds.accessKeyId];
    if (answer instanceof Error) throw answer;
    return { items: answer ?? [] };
  };
}

beforeAll(async () => {
  dynamo = await startDynamo();
});
beforeEach(async () => {
  sts.reset();
  drs.reset();
  sts.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string }) => ({ Credentials: { ...credentials, AccessKeyId: `ASIA${input.RoleArn.split(':')[4]}` } }));
  deps = await testDeps(dynamo);
  const handler = createApiHandler(deps);
  call = async (operation, params = {}) => (await handler({ operation, ...params }, lambdaContext())) as { statusCode: number; body: any };
  await call('create_target_account', { body: createBody(TARGET, { regions: ['us-east-1'] }) });
  await call('add_staging_account', {
    id: TARGET,
    body: { stagingAccount: { accountId: STAGING, accountName: 'Staging', roleArn: `arn:aws:iam::${STAGING}:role/DrsOrchestratorTargetRole`, externalId: 'staging-external-id-4444' } },
  });
});
afterEach(() => deps.awsClients.destroy());
afterAll(async () => {
  sts.restore();
  drs.restore();
  await dynamo.close();
});

describe('capacity', () => {
  it('counts replicating servers of the target and its staging account against 300, and active jobs against 20 and 500', async () => {
    drs.on(DescribeSourceServersCommand).callsFake(byAccount({
      [`ASIA${TARGET}`]: [...servers(210), ...servers(5, 'STOPPED'), ...servers(10, 'CONTINUOUS', 'EXTENDED')],
      [`ASIA${STAGING}`]: servers(40),
    }));
    drs.on(DescribeJobsCommand).resolves({
      items: [
        { jobID: 'drsjob-1', status: 'STARTED', participatingServers: Array.from({ length: 30 }, () => ({})) },
        { jobID: 'drsjob-2', status: 'PENDING', participatingServers: Array.from({ length: 12 }, () => ({})) },
        { jobID: 'drsjob-3', status: 'COMPLETED', participatingServers: Array.from({ length: 99 }, () => ({})) },
      ],
    });
    const result = await call('get_target_account_capacity', { id: TARGET });
    expect(result.statusCode).toBe(200);
    const [target, staging] = result.body.accounts;
    expect(target).toMatchObject({ accountId: TARGET, accountType: 'target', replicatingServers: 210, totalServers: 225, maxReplicating: 300, availableSlots: 90, status: 'INFO', accessible: true });
    expect(target.regionalBreakdown).toEqual([{ region: 'us-east-1', totalServers: 225, replicatingServers: 210 }]);
    expect(staging).toMatchObject({ accountId: STAGING, accountType: 'staging', replicatingServers: 40, status: 'OK' });
    expect(result.body.combined).toMatchObject({ totalReplicating: 250, maxReplicating: 600, availableSlots: 350, status: 'INFO' });
    expect(result.body.concurrentJobs).toEqual({ current: 2, max: 20, available: 18 });
    expect(result.body.serversInJobs).toEqual({ current: 42, max: 500, available: 458 });
    expect(result.body.maxServersPerJob).toMatchObject({ current: 30, max: 100, jobId: 'drsjob-1' });
    expect(result.body.timestamp).toBe(FIXED_NOW.toISOString());
    // Jobs are read in the target account only, from the last 7 days.
    expect(drs.commandCalls(DescribeJobsCommand)).toHaveLength(1);
    expect(drs.commandCalls(DescribeJobsCommand)[0]!.args[0].input.filters.fromDate).toBe(new Date(FIXED_NOW.getTime() - 7 * 86_400_000).toISOString());
  });

  it('lists a staging account it cannot read as inaccessible, with a warning, and still answers', async () => {
    drs.on(DescribeSourceServersCommand).callsFake(byAccount({ [`ASIA${TARGET}`]: servers(3), [`ASIA${STAGING}`]: sdkError('AccessDeniedException', 403) }));
    drs.on(DescribeJobsCommand).resolves({ items: [] });
    const result = await call('get_all_accounts_capacity');
    expect(result.statusCode).toBe(200);
    expect(result.body.accounts.map((a: { accountId: string; accessible: boolean }) => [a.accountId, a.accessible])).toEqual([[TARGET, true], [STAGING, false]]);
    expect(result.body.warnings).toEqual([expect.stringContaining(`${STAGING}: not readable`)]);
  });

  it('answers the quotas of one account-region in the original shape; 404 for an unknown account', async () => {
    drs.on(DescribeSourceServersCommand).resolves({ items: servers(285) });
    drs.on(DescribeJobsCommand).resolves({ items: [{ jobID: 'drsjob-9', status: 'STARTED', participatingServers: [{}, {}] }] });
    const result = await call('get_drs_quotas', { accountId: TARGET, region: 'us-east-1' });
    expect(result.body).toMatchObject({
      accountId: TARGET,
      region: 'us-east-1',
      limits: { MAX_SERVERS_PER_JOB: 100, MAX_CONCURRENT_JOBS: 20, MAX_SERVERS_IN_ALL_JOBS: 500, MAX_REPLICATING_SERVERS: 300, MAX_SOURCE_SERVERS: 4000 },
      capacity: { totalSourceServers: 285, replicatingServers: 285, availableReplicatingSlots: 15, status: 'CRITICAL' },
      concurrentJobs: { current: 1, max: 20, available: 19 },
      serversInJobs: { current: 2, max: 500 },
    });
    expect((await call('get_drs_quotas', { accountId: '999999999999', region: 'us-east-1' })).statusCode).toBe(404);
    expect((await call('get_drs_quotas', { accountId: TARGET })).statusCode).toBe(400);
  });

  it('counts a target account-region from the inventory when it was inventoried within 15 minutes (no DRS read), from DRS otherwise', async () => {
    const drsCalls: string[] = [];
    const answer = async (_input: unknown, getClient: () => any) => {
      drsCalls.push(await getClient().config.region());
      return { items: servers(2) };
    };
    drs.on(DescribeSourceServersCommand).callsFake(answer);
    drs.on(DescribeJobsCommand).callsFake(answer);
    const clients = { drs: (t: { region: string }) => new DrsClient({ region: t.region, credentials: { accessKeyId: 'AKIA', secretAccessKey: 'x' } }) };
    const record = (state: string, stagingAreaStatus: string | null = 'NOT_EXTENDED') => ({ replicationState: state, stagingAreaStatus }) as never;
    const marker = (region: string, minutesAgo: number, serverCount = 3) => ({ accountId: TARGET, region, lastUpdated: new Date(FIXED_NOW.getTime() - minutesAgo * 60_000).toISOString(), lastUpdatedBy: 'inventory-sync', serverCount }) as never;
    const inventory = {
      markers: new Map([[`${TARGET}#us-east-1`, marker('us-east-1', 5)], [`${TARGET}#us-west-2`, marker('us-west-2', 20)]]),
      listAccountRegion: async () => [record('CONTINUOUS'), record('STOPPED'), record('CONTINUOUS', 'EXTENDED')],
    };
    const target = { accountId: TARGET, accountName: 'T', accountType: 'target' as const, roleArn: null, externalId: null, regions: ['us-east-1', 'us-west-2'] };
    const reading = await readAccount(clients, target, FIXED_NOW, inventory);
    expect(reading.capacity.regionalBreakdown).toEqual([
      { region: 'us-east-1', totalServers: 3, replicatingServers: 1 },
      { region: 'us-west-2', totalServers: 2, replicatingServers: 2 },
    ]);
    // DescribeSourceServers in the stale region only; DescribeJobs in both.
    expect(drsCalls.sort()).toEqual(['us-east-1', 'us-west-2', 'us-west-2']);
    // A staging account is never counted from the inventory.
    drsCalls.length = 0;
    await readAccount(clients, { ...target, accountId: STAGING, accountType: 'staging', regions: ['us-east-1'] }, FIXED_NOW, inventory);
    expect(drsCalls).toEqual(['us-east-1']);
  });

  it('status thresholds: OK below 200, INFO, WARNING, CRITICAL, HYPER-CRITICAL from 280', () => {
    expect([199, 200, 225, 250, 280, 300].map(capacityStatus)).toEqual(['OK', 'INFO', 'WARNING', 'CRITICAL', 'HYPER-CRITICAL', 'HYPER-CRITICAL']);
  });
});
