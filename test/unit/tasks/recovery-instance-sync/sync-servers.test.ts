import { DescribeRecoveryInstancesCommand, DescribeSourceServersCommand, DrsClient } from '@aws-sdk/client-drs';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockSdkClient } from '../../../support/api/sdk-mock';
import type { RecoveryInstanceRecord } from '../../../../contracts/records/recovery-instance';
import type { RecoveryJobRecord } from '../../../../contracts/records/recovery-job';
import { recoveryInstanceRecordSchema } from '../../../../contracts/records/recovery-instance';
import { AwsClientFactory } from '../../../../lib/aws/clients';
import { schemaErrors } from '../../../../lib/validation';
import { syncServers, type SyncDependencies } from '../../../../tasks/recovery-instance-sync/lib/sync-servers';
import { run as syncWaveServers } from '../../../../tasks/recovery-instance-sync/sync-wave-servers';

const drs = mockSdkClient(DrsClient);
const ec2 = mockSdkClient(EC2Client);
const sts = mockSdkClient(STSClient);

const ACCOUNT = '222222222222';
const REGION = 'us-west-2';
const serverId = (n: number) => `s-${n.toString(16).padStart(17, '0')}`;
const riId = (n: number) => `i-${(0xa000000 + n).toString(16).padStart(17, '0')}`;
const ec2Id = (n: number) => `i-${(0xb000000 + n).toString(16).padStart(17, '0')}`;

class MemoryStore {
  readonly records = new Map<string, RecoveryInstanceRecord>();
  async putMany(records: readonly RecoveryInstanceRecord[]) {
    for (const r of records) this.records.set(r.sourceServerId, r);
    return Math.ceil(records.length / 25);
  }
  async deleteMany(ids: readonly string[]) {
    for (const id of ids) this.records.delete(id);
    return Math.ceil(ids.length / 25);
  }
  async listByAccountRegion(accountId: string, region: string) {
    return [...this.records.values()].filter((r) => r.accountId === accountId && r.region === region);
  }
  async getMany(ids: readonly string[]) {
    return { records: ids.map((id) => this.records.get(id)).filter((r): r is RecoveryInstanceRecord => !!r), reads: 1 };
  }
}

/** Even-numbered servers were launched by the orchestrator's job; odd ones by a job started elsewhere (the DRS console). */
const ORCHESTRATED_JOB = 'drsjob-0123456789abcdef0';
const CONSOLE_JOB = 'drsjob-0fedcba9876543210';

class MemoryJobs {
  readonly lookups: string[][] = [];
  readonly records = new Map<string, RecoveryJobRecord>([
    [
      ORCHESTRATED_JOB,
      {
        jobId: ORCHESTRATED_JOB,
        executionId: 'exec-42',
        waveId: 'wave-1',
        waveName: 'Databases',
        planId: 'plan-1',
        planName: 'Core banking',
        executionType: 'DRILL',
        accountId: ACCOUNT,
        region: REGION,
        startedAt: '2026-11-20T07:55:00.000Z',
      },
    ],
  ]);
  async getMany(jobIds: readonly string[]) {
    this.lookups.push([...jobIds]);
    return { jobs: new Map([...this.records].filter(([id]) => jobIds.includes(id))), reads: 1 };
  }
}

function deps(store = new MemoryStore(), roleArn: string | null = `arn:aws:iam::${ACCOUNT}:role/DrsOrchestratorTargetRole`): SyncDependencies & { store: MemoryStore; jobs: MemoryJobs } {
  return {
    accounts: { get: async (accountId) => (accountId === ACCOUNT ? { accountId, roleArn, externalId: 'ext-1234' } : undefined) },
    store,
    jobs: new MemoryJobs(),
    clients: new AwsClientFactory({ maxAttempts: 1 }),
    now: () => new Date('2026-11-22T10:00:00.000Z'),
  };
}

function mockEstate(count: number, pageSize = 100) {
  const items = Array.from({ length: count }, (_, n) => ({
    recoveryInstanceID: riId(n),
    sourceServerID: serverId(n),
    ec2InstanceID: ec2Id(n),
    ec2InstanceState: 'RUNNING' as const,
    isDrill: n % 2 === 0,
    jobID: n % 2 === 0 ? ORCHESTRATED_JOB : CONSOLE_JOB,
  }));
  drs.on(DescribeRecoveryInstancesCommand).callsFake((input: { nextToken?: string }) => {
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const next = start + pageSize;
    return { items: items.slice(start, next), nextToken: next < items.length ? String(next) : undefined };
  });
  drs.on(DescribeSourceServersCommand).callsFake((input: { filters?: { sourceServerIDs?: string[] } }) => ({
    items: (input.filters?.sourceServerIDs ?? []).map((id) => ({
      sourceServerID: id,
      sourceProperties: { identificationHints: { hostname: `host-${id.slice(-4)}` } },
      stagingArea: { stagingAccountID: '444444444444' },
    })),
  }));
  ec2.on(DescribeInstancesCommand).callsFake((input: { Filters?: Array<{ Values?: string[] }> }) => ({
    Reservations: [
      {
        Instances: (input.Filters?.[0]?.Values ?? []).map((id) => ({
          InstanceId: id,
          InstanceType: 'm5.large',
          State: { Name: 'running', Code: 16 },
          PrivateIpAddress: '10.0.0.5',
          LaunchTime: new Date('2026-11-20T08:00:00Z'),
          VpcId: 'vpc-0abc',
          SubnetId: 'subnet-0abc',
          SecurityGroups: [{ GroupId: 'sg-0abc' }],
          // As in AWS: DRS does not copy StartRecovery's tags to the instance it launches.
          Tags: [{ Key: 'Name', Value: `recovered-${id.slice(-4)}` }],
        })),
      },
    ],
  }));
  return items;
}

beforeEach(() => {
  drs.reset();
  ec2.reset();
  sts.reset();
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'ASIATEST', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3600_000) },
  });
});

describe('syncServers', () => {
  it('pages through recovery instances, batches source servers and EC2 by 200, and writes valid records', async () => {
    mockEstate(450);
    const d = deps();
    const result = await syncServers({ accountId: ACCOUNT, region: REGION }, d);
    expect(result).toMatchObject({ status: 'SUCCEEDED', instancesProcessed: 450, recordsRemoved: 0, warnings: [] });
    expect(drs.commandCalls(DescribeRecoveryInstancesCommand)).toHaveLength(5);
    expect(drs.commandCalls(DescribeSourceServersCommand)).toHaveLength(3);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(3);
    expect(result.apiCalls).toEqual({ drs: 8, ec2: 3 });
    expect(d.store.records.size).toBe(450);
    const record = d.store.records.get(serverId(7))!;
    expect(schemaErrors(recoveryInstanceRecordSchema, record)).toEqual([]);
    expect(record).toMatchObject({
      recoveryInstanceId: riId(7),
      ec2InstanceState: 'running',
      sourceServerName: `host-${serverId(7).slice(-4)}`,
      name: `recovered-${ec2Id(7).slice(-4)}`,
      instanceType: 'm5.large',
      sourceExecutionId: null,
      sourcePlanName: null,
      jobId: CONSOLE_JOB,
      replicationStagingAccountId: '444444444444',
      sourceVpcId: 'vpc-0abc',
      sourceSecurityGroupIds: ['sg-0abc'],
      accountRegion: `${ACCOUNT}#${REGION}`,
      lastSyncTime: '2026-11-22T10:00:00.000Z',
    });
  });

  it('finds the execution and plan of each instance from its jobID in the job table, one lookup per distinct job', async () => {
    mockEstate(6);
    const d = deps();
    await syncServers({ accountId: ACCOUNT, region: REGION }, d);
    expect(d.jobs.lookups).toEqual([[ORCHESTRATED_JOB, CONSOLE_JOB]]);
    expect(d.store.records.get(serverId(4))).toMatchObject({ sourceExecutionId: 'exec-42', sourcePlanName: 'Core banking', jobId: ORCHESTRATED_JOB });
    // A job the orchestrator did not start: no execution, but the job id is kept.
    expect(d.store.records.get(serverId(5))).toMatchObject({ sourceExecutionId: null, sourcePlanName: null, jobId: CONSOLE_JOB });
  });

  it('assumes the target role with its ExternalId once for every call to that account', async () => {
    mockEstate(3);
    await syncServers({ accountId: ACCOUNT, region: REGION }, deps());
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/DrsOrchestratorTargetRole`,
      ExternalId: 'ext-1234',
    });
  });

  it('writes records without EC2 details and says PARTIAL when EC2 fails', async () => {
    mockEstate(3);
    ec2.on(DescribeInstancesCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 } }));
    const d = deps();
    const result = await syncServers({ accountId: ACCOUNT, region: REGION }, d);
    expect(result.status).toBe('PARTIAL');
    expect(result.warnings[0]).toMatch(/EC2 details unavailable/);
    const record = d.store.records.get(serverId(1))!;
    expect(record).toMatchObject({ ec2InstanceId: ec2Id(1), ec2InstanceState: 'running', instanceType: null, publicIp: null, sourceVpcId: null });
    expect(schemaErrors(recoveryInstanceRecordSchema, record)).toEqual([]);
  });

  it('removes records whose recovery instance no longer exists', async () => {
    mockEstate(5);
    const d = deps();
    await syncServers({ accountId: ACCOUNT, region: REGION }, d);
    drs.reset();
    mockEstate(3);
    const result = await syncServers({ accountId: ACCOUNT, region: REGION }, d);
    expect(result.recordsRemoved).toBe(2);
    expect([...d.store.records.keys()].sort()).toEqual([serverId(0), serverId(1), serverId(2)]);
  });

  it('throws ThrottlingError when DRS keeps throttling, so the state machine can retry', async () => {
    drs.on(DescribeRecoveryInstancesCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } }));
    await expect(syncServers({ accountId: ACCOUNT, region: REGION }, deps())).rejects.toMatchObject({ name: 'ThrottlingError' });
  });

  it('throws AccessDeniedError when the role cannot be assumed', async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    mockEstate(1);
    await expect(syncServers({ accountId: ACCOUNT, region: REGION }, deps())).rejects.toMatchObject({ name: 'AccessDeniedError' });
  });

  it('uses its own credentials for an account registered without a role', async () => {
    mockEstate(2);
    await syncServers({ accountId: ACCOUNT, region: REGION }, deps(new MemoryStore(), null));
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  it('throws NotFoundError for an account that is not registered', async () => {
    await expect(syncServers({ accountId: '999999999999', region: REGION }, deps())).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});

describe('sync-wave-servers', () => {
  it('caches only the wave servers, tagged with the execution, and never throws', async () => {
    mockEstate(10);
    const d = deps();
    const out = await syncWaveServers({ executionId: 'exec-wave-1', planName: 'Tier 1', accountId: ACCOUNT, region: REGION, sourceServerIds: [serverId(1), serverId(2), serverId(99)] }, d);
    const call = drs.commandCalls(DescribeRecoveryInstancesCommand)[0].args[0].input;
    expect(call.filters?.sourceServerIDs).toEqual([serverId(1), serverId(2), serverId(99)]);
    expect(out.status).toBe('SUCCEEDED');
    expect(d.store.records.get(serverId(1))).toMatchObject({ sourceExecutionId: 'exec-wave-1', sourcePlanName: 'Tier 1' });
  });

  it('reports FAILED instead of failing its caller when DRS is down', async () => {
    drs.on(DescribeRecoveryInstancesCommand).rejects(Object.assign(new Error('down'), { name: 'InternalServerException', $fault: 'server', $metadata: { httpStatusCode: 500 } }));
    const out = await syncWaveServers({ executionId: 'exec-wave-1', accountId: ACCOUNT, region: REGION, sourceServerIds: [serverId(1)] }, deps());
    expect(out).toMatchObject({ status: 'FAILED', errorName: 'ServiceUnavailableError' });
  });
});
