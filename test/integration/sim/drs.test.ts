import {
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeSourceServersCommand,
  paginateDescribeSourceServers,
  StartRecoveryCommand,
  TerminateRecoveryInstancesCommand,
} from '@aws-sdk/client-drs';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { SimulatedEstate } from '../../../local/sim';
import { clients, credentialsOf, failure, type ManualClock, startEstate } from './helpers';

let sim: SimulatedEstate;
let clock: ManualClock;
beforeAll(async () => ({ sim, clock } = await startEstate()));
beforeEach(() => sim.loadScenario('demo', 1));
afterAll(() => sim.close());

const MINUTE = 60_000;
const A = '222222222222';
const client = (accountId = A, region = 'us-east-1') => clients(sim, credentialsOf(sim, accountId), region);
const serversIn = (accountId: string, region: string) => sim.scenario.sourceServerIds.filter((s) => s.accountId === accountId && s.region === region);

describe('DRS DescribeSourceServers', () => {
  it('returns realistic source servers and paginates with maxResults/nextToken', async () => {
    const { drs } = client();
    const pages: number[] = [];
    const all = [];
    for await (const page of paginateDescribeSourceServers({ client: drs, pageSize: 15 }, {})) {
      pages.push(page.items!.length);
      all.push(...page.items!);
    }
    // 40 replicating in the account and 5 extended from the demo's staging account.
    expect(pages).toEqual([15, 15, 15]);
    expect(all.map((s) => s.sourceServerID)).toEqual(serversIn(A, 'us-east-1').map((s) => s.sourceServerId));
    const s = all[0]!;
    expect(s.sourceProperties!.identificationHints!.hostname).toBe('payments-web-01');
    expect(s.sourceProperties!.networkInterfaces![0]!.ips!.length).toBeGreaterThan(0);
    expect(s.dataReplicationInfo!.dataReplicationState).toBeDefined();
    expect(s.stagingArea).toMatchObject({ stagingAccountID: A, status: 'NOT_EXTENDED' });
    expect(s.arn).toBe(`arn:aws:drs:us-east-1:${A}:source-server/${s.sourceServerID}`);
  });

  it('filters by sourceServerIDs and stagingAccountIDs', async () => {
    const ids = serversIn(A, 'us-east-1').slice(0, 3).map((s) => s.sourceServerId);
    const { drs } = client();
    expect((await drs.send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: ids } }))).items!.map((s) => s.sourceServerID)).toEqual(ids);
    expect((await drs.send(new DescribeSourceServersCommand({ filters: { stagingAccountIDs: ['999999999999'] } }))).items).toEqual([]);
    const extended = (await drs.send(new DescribeSourceServersCommand({ filters: { stagingAccountIDs: ['444444444444'] } }))).items!;
    expect(extended.map((s) => s.stagingArea!.status).sort()).toEqual(['EXTENDED', 'EXTENDED', 'EXTENDED', 'EXTENDED', 'EXTENSION_ERROR']);
  });

  it('answers UninitializedAccountException where DRS is not initialized, and rejects a bad token', async () => {
    const error = await failure(client(A, 'eu-west-1').drs.send(new DescribeSourceServersCommand({})));
    expect(error.name).toBe('UninitializedAccountException');
    const bad = await failure(client().drs.send(new DescribeSourceServersCommand({ nextToken: 'garbage' })));
    expect(bad.name).toBe('ValidationException');
    expect(bad.$metadata.httpStatusCode).toBe(400);
    // The model's members, as the SDK deserializes them: fieldList, not an invented fieldName.
    expect(bad).toMatchObject({ reason: 'fieldValidationFailed', fieldList: [{ name: 'nextToken', message: 'The nextToken is not valid' }] });
    expect(bad).not.toHaveProperty('fieldName');
    expect(sim.conformanceViolations()).toEqual([]);
  });
});

describe('DRS recovery jobs', () => {
  it('StartRecovery runs PENDING → STARTED → COMPLETED on the virtual clock and launches recovery instances', async () => {
    const { drs, ec2 } = client();
    const ids = serversIn(A, 'us-east-1').slice(0, 3).map((s) => s.sourceServerId);
    const started = await drs.send(new StartRecoveryCommand({ sourceServers: ids.map((sourceServerID) => ({ sourceServerID })), isDrill: true, tags: { 'drs-orchestrator:execution-id': 'exec-1' } }));
    const jobID = started.job!.jobID!;
    expect(started.$metadata.httpStatusCode).toBe(202);
    expect(started.job).toMatchObject({ status: 'PENDING', type: 'LAUNCH', initiatedBy: 'START_DRILL' });
    const job = async () => (await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [jobID] } }))).items![0]!;

    clock.advance(2 * MINUTE);
    expect((await job()).status).toBe('STARTED');
    expect((await job()).participatingServers!.map((p) => p.launchStatus)).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS']);

    clock.advance(20 * MINUTE);
    const done = await job();
    expect(done.status).toBe('COMPLETED');
    expect(done.endDateTime).toBeDefined();
    expect(done.participatingServers!.map((p) => p.launchStatus)).toEqual(['LAUNCHED', 'LAUNCHED', 'LAUNCHED']);

    const logs = (await drs.send(new DescribeJobLogItemsCommand({ jobID }))).items!.map((l) => l.event);
    expect(logs[0]).toBe('JOB_START');
    expect(logs.at(-1)).toBe('JOB_END');
    for (const event of ['SNAPSHOT_START', 'SNAPSHOT_END', 'CONVERSION_START', 'CONVERSION_END', 'LAUNCH_START']) expect(logs.filter((e) => e === event)).toHaveLength(3);

    const recovery = (await drs.send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: ids } }))).items!;
    expect(recovery).toHaveLength(3);
    expect(recovery[0]).toMatchObject({ ec2InstanceState: 'RUNNING', isDrill: true, jobID, failback: { state: 'FAILBACK_NOT_STARTED' }, originEnvironment: expect.any(String) });
    // StartRecovery's tags stay on the job, as in AWS: neither the recovery instance nor its EC2 instance gets them.
    expect((await job()).tags).toEqual({ 'drs-orchestrator:execution-id': 'exec-1' });
    for (const r of recovery) expect(r.tags ?? {}).not.toHaveProperty('drs-orchestrator:execution-id');
    const instances = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: recovery.map((r) => r.ec2InstanceID!) }))).Reservations!.flatMap((r) => r.Instances!);
    expect(instances).toHaveLength(3);
    for (const i of instances) {
      expect(i.Tags!.map((t) => t.Key)).not.toContain('drs-orchestrator:execution-id');
      expect(i.Tags).toEqual(expect.arrayContaining([{ Key: 'AWSElasticDisasterRecoverySourceServerID', Value: expect.stringMatching(/^s-/) }]));
    }

    // A new launch replaces the server's recovery instance and terminates the old EC2 instance.
    const again = await drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: ids[0]! }] }));
    clock.advance(20 * MINUTE);
    const replaced = (await drs.send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: [ids[0]!] } }))).items!;
    expect(replaced).toHaveLength(1);
    expect(replaced[0]!.jobID).toBe(again.job!.jobID);
    const old = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [recovery.find((r) => r.sourceServerID === ids[0])!.ec2InstanceID!] }));
    expect(old.Reservations![0]!.Instances![0]!.State!.Name).toBe('terminated');
  });

  it('TerminateRecoveryInstances runs a TERMINATE job that removes the instances', async () => {
    const { drs, ec2 } = client('333333333333', 'eu-west-1');
    const before = (await drs.send(new DescribeRecoveryInstancesCommand({}))).items!;
    expect(before).toHaveLength(20);
    const ids = before.slice(0, 2).map((r) => r.recoveryInstanceID!);
    const out = await drs.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: ids }));
    expect(out.job).toMatchObject({ type: 'TERMINATE', initiatedBy: 'TERMINATE_RECOVERY_INSTANCES', status: 'PENDING' });
    const during = (await drs.send(new DescribeRecoveryInstancesCommand({ filters: { recoveryInstanceIDs: ids } }))).items!;
    expect(during.map((r) => r.ec2InstanceState)).toEqual(['SHUTTING-DOWN', 'SHUTTING-DOWN']);
    const again = await failure(drs.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: ids })));
    expect(again.name).toBe('ConflictException');
    clock.advance(5 * MINUTE);
    expect((await drs.send(new DescribeRecoveryInstancesCommand({}))).items).toHaveLength(18);
    const job = (await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [out.job!.jobID!] } }))).items![0]!;
    expect(job.status).toBe('COMPLETED');
    expect(job.participatingServers!.map((p) => p.launchStatus)).toEqual(['TERMINATED', 'TERMINATED']);
    const ec2Out = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: ids }] }));
    expect(ec2Out.Reservations!.flatMap((r) => r.Instances!).map((i) => i.State!.Name)).toEqual(['terminated', 'terminated']);
    const missing = await failure(drs.send(new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: ['i-00000000000000000'] })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.$metadata.httpStatusCode).toBe(404);
  });

  it('DescribeJobs lists newest first, filters by date and paginates', async () => {
    const { drs } = client('333333333333', 'eu-west-1');
    const all = (await drs.send(new DescribeJobsCommand({}))).items!;
    expect(all).toHaveLength(6); // two drills × three waves
    expect(Date.parse(all[0]!.creationDateTime!)).toBeGreaterThan(Date.parse(all.at(-1)!.creationDateTime!));
    const recent = await drs.send(new DescribeJobsCommand({ filters: { fromDate: new Date(clock.now() - 5 * 86_400_000).toISOString() } }));
    expect(recent.items).toHaveLength(3);
    const page = await drs.send(new DescribeJobsCommand({ maxResults: 4 }));
    expect(page.items).toHaveLength(4);
    expect((await drs.send(new DescribeJobsCommand({ maxResults: 4, nextToken: page.nextToken }))).items).toHaveLength(2);
  });

  it('enforces quotas and conflicts: >100 servers, a server already in an active job', async () => {
    sim.loadScenario('scale', 1, { recoveryInstances: 606, accounts: 1, regions: 1 });
    const { drs } = client();
    const ids = sim.scenario.sourceServerIds.filter((s) => s.accountId === A).map((s) => s.sourceServerId);
    const tooMany = await failure(drs.send(new StartRecoveryCommand({ sourceServers: ids.slice(0, 101).map((sourceServerID) => ({ sourceServerID })) })));
    expect(tooMany.name).toBe('ServiceQuotaExceededException');
    await drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: ids[0]! }] }));
    const busy = await failure(drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: ids[0]! }] })));
    expect(busy.name).toBe('ConflictException');
    for (let i = 1; i < 500; i += 100) await drs.send(new StartRecoveryCommand({ sourceServers: ids.slice(i, Math.min(i + 100, 500)).map((sourceServerID) => ({ sourceServerID })) }));
    const overActive = await failure(drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: ids[600]! }] })));
    expect(overActive.message).toMatch(/at most 500 source servers/i);
    const unknown = await failure(drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: 's-00000000000000000' }] })));
    expect(unknown.name).toBe('ResourceNotFoundException');
    const empty = await failure(drs.send(new StartRecoveryCommand({ sourceServers: [] })));
    expect(empty.name).toBe('ValidationException');
    expect(empty).toMatchObject({ reason: 'fieldValidationFailed', fieldList: [{ name: 'sourceServers', message: 'list has 0 items, minimum is 1' }] });
    expect(sim.conformanceViolations()).toEqual([]);
  });

  it('scenario options make launches fail or jobs stick', async () => {
    const failHost = serversIn(A, 'us-east-1')[0]!;
    const stuckHost = serversIn(A, 'us-east-1')[1]!;
    sim.loadScenario('demo', 1, { failLaunchHostnames: [failHost.hostname], stuckLaunchHostnames: [stuckHost.hostname] });
    const { drs } = client();
    const failed = await drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: failHost.sourceServerId }] }));
    const stuck = await drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: stuckHost.sourceServerId }] }));
    clock.advance(24 * 60 * MINUTE);
    const jobs = (await drs.send(new DescribeJobsCommand({ filters: { jobIDs: [failed.job!.jobID!, stuck.job!.jobID!] } }))).items!;
    const byId = new Map(jobs.map((j) => [j.jobID, j]));
    expect(byId.get(failed.job!.jobID)).toMatchObject({ status: 'COMPLETED', participatingServers: [{ launchStatus: 'FAILED' }] });
    expect(byId.get(stuck.job!.jobID)).toMatchObject({ status: 'STARTED' });
    const failLog = (await drs.send(new DescribeJobLogItemsCommand({ jobID: failed.job!.jobID! }))).items!.map((l) => l.event);
    expect(failLog).toContain('LAUNCH_FAILED');
    const source = (await drs.send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: [failHost.sourceServerId] } }))).items![0]!;
    expect(source.lastLaunchResult).toBe('FAILED');
    expect((await drs.send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: [failHost.sourceServerId] } }))).items).toEqual([]);
  });

  it('the same seed and the same requests give the same estate', async () => {
    const run = async () => {
      sim.loadScenario('demo', 3);
      const { drs } = client();
      const job = await drs.send(new StartRecoveryCommand({ sourceServers: [{ sourceServerID: serversIn(A, 'us-east-1')[0]!.sourceServerId }] }));
      clock.advance(30 * MINUTE);
      return (await drs.send(new DescribeJobLogItemsCommand({ jobID: job.job!.jobID! }))).items!.map((l) => [l.event, l.eventData?.targetInstanceID]);
    };
    const first = await run();
    clock.advance(-30 * MINUTE);
    expect(await run()).toEqual(first);
  });
});
