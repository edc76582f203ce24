/**
 * Replication dynamics and recovery snapshots on the virtual clock, through
 * the real DRS SDK client with conformance 'enforce'.
 */
import {
  DescribeJobLogItemsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeRecoverySnapshotsCommand,
  DescribeSourceServersCommand,
  paginateDescribeRecoverySnapshots,
  type SourceServer,
  StartRecoveryCommand,
} from '@aws-sdk/client-drs';
import type { SimulatedEstate } from '../../../local/sim';
import { clients, credentialsOf, failure, type ManualClock, startEstate } from './helpers';

let sim: SimulatedEstate;
let clock: ManualClock;
beforeAll(async () => ({ sim, clock } = await startEstate()));
beforeEach(() => sim.loadScenario('demo', 1));
afterAll(() => sim.close());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const A = '222222222222';
const drsOf = (accountId = A, region = 'us-east-1') => clients(sim, credentialsOf(sim, accountId), region).drs;
const idOf = (hostname: string) => sim.scenario.sourceServerIds.find((s) => s.hostname === hostname)!;

/** ISO-8601 duration (as the estate writes it: PnDTnHnMnS) in seconds. */
function seconds(duration: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration);
  if (!m) throw new Error(`not an ISO-8601 duration: ${duration}`);
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

async function server(hostname: string): Promise<SourceServer> {
  const { accountId, region, sourceServerId } = idOf(hostname);
  return (await drsOf(accountId, region).send(new DescribeSourceServersCommand({ filters: { sourceServerIDs: [sourceServerId] } }))).items![0]!;
}

describe('DRS DescribeRecoverySnapshots', () => {
  it('lists a continuous server’s snapshots by the default PIT policy: 10-minutely for an hour, hourly for a day, daily for a week', async () => {
    const continuous = sim.scenario.sourceServerIds.find((s) => s.accountId === A && s.region === 'us-east-1')!;
    const drs = drsOf();
    const all = [];
    for await (const page of paginateDescribeRecoverySnapshots({ client: drs, pageSize: 10 }, { sourceServerID: continuous.sourceServerId })) all.push(...page.items!);
    const now = clock.now();
    const times = all.map((s) => Date.parse(s.expectedTimestamp!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const lastHour = times.filter((t) => t > now - HOUR);
    expect(lastHour.every((t) => t % (10 * MINUTE) === 0)).toBe(true);
    expect(lastHour.length).toBeGreaterThanOrEqual(5);
    expect(times.filter((t) => t <= now - HOUR && t > now - 24 * HOUR).every((t) => t % HOUR === 0)).toBe(true);
    expect(times.filter((t) => t < now - 24 * HOUR).every((t) => t % (24 * HOUR) === 0)).toBe(true);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now - 7 * 24 * HOUR);
    for (const s of all) {
      expect(s.snapshotID).toMatch(/^pit-[0-9a-zA-Z]{17}$/);
      expect(Date.parse(s.timestamp!)).toBeGreaterThan(Date.parse(s.expectedTimestamp!));
      expect(Date.parse(s.timestamp!)).toBeLessThanOrEqual(now);
      expect(s.ebsSnapshots!.length).toBeGreaterThan(0);
    }
    // Snapshot ids are stable: the same snapshot read again later keeps its id, and new ones appear on the clock.
    clock.advance(30 * MINUTE);
    const later = (await drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: continuous.sourceServerId, order: 'DESC', maxResults: 1000 }))).items!;
    expect(Date.parse(later[0]!.expectedTimestamp!)).toBeGreaterThan(Math.max(...times));
    const byTime = new Map(all.map((s) => [s.expectedTimestamp, s.snapshotID]));
    const kept = later.filter((s) => byTime.has(s.expectedTimestamp));
    expect(kept.length).toBeGreaterThan(0);
    for (const s of kept) expect(s.snapshotID).toBe(byTime.get(s.expectedTimestamp));
    expect(sim.conformanceViolations()).toEqual([]);
  });

  it('filters by fromDateTime/toDateTime, orders ASC/DESC and rejects an unknown server or a bad token', async () => {
    const { sourceServerId } = sim.scenario.sourceServerIds.find((s) => s.accountId === A && s.region === 'us-east-1')!;
    const drs = drsOf();
    const now = clock.now();
    const from = new Date(now - 3 * HOUR).toISOString();
    const to = new Date(now - HOUR).toISOString();
    const asc = (await drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: sourceServerId, filters: { fromDateTime: from, toDateTime: to }, order: 'ASC' }))).items!;
    expect(asc.length).toBeGreaterThanOrEqual(1);
    for (const s of asc) expect(Date.parse(s.timestamp!)).toBeGreaterThanOrEqual(now - 3 * HOUR);
    for (const s of asc) expect(Date.parse(s.timestamp!)).toBeLessThanOrEqual(now - HOUR);
    const desc = (await drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: sourceServerId, filters: { fromDateTime: from, toDateTime: to }, order: 'DESC' }))).items!;
    expect(desc.map((s) => s.snapshotID)).toEqual(asc.map((s) => s.snapshotID).reverse());

    const unknown = await failure(drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: 's-00000000000000000' })));
    expect(unknown.name).toBe('ValidationException');
    expect(unknown).toMatchObject({ fieldList: [{ name: 'sourceServerID' }] });
    const bad = await failure(drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: sourceServerId, nextToken: 'garbage' })));
    expect(bad.name).toBe('ValidationException');
    const missing = await failure(drs.send(new DescribeRecoverySnapshotsCommand({} as never)));
    expect(missing.name).toBe('ValidationException');
    expect(sim.conformanceViolations()).toEqual([]);
  });

  it('takes no snapshots while a server is stalled: the newest stays where the stall began', async () => {
    const stalled = idOf('crm-app-08');
    const drs = drsOf(stalled.accountId, stalled.region);
    const list = async () => (await drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: stalled.sourceServerId, order: 'DESC' }))).items!;
    const newest = Date.parse((await list())[0]!.expectedTimestamp!);
    expect(newest).toBeLessThan(clock.now() - 2 * HOUR);
    clock.advance(HOUR);
    expect(Date.parse((await list())[0]!.expectedTimestamp!)).toBe(newest);
  });
});

describe('StartRecovery from a recovery snapshot', () => {
  it('launches from the chosen snapshot’s point in time; a snapshot DRS no longer retains fails that server’s launch', async () => {
    const [a, b] = sim.scenario.sourceServerIds.filter((s) => s.accountId === A && s.region === 'us-east-1' && s.hostname.startsWith('orders-app'));
    const drs = drsOf();
    const snapshots = (await drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: a!.sourceServerId, order: 'ASC' }))).items!;
    const chosen = snapshots[Math.floor(snapshots.length / 2)]!;
    const started = await drs.send(new StartRecoveryCommand({
      isDrill: true,
      sourceServers: [{ sourceServerID: a!.sourceServerId, recoverySnapshotID: chosen.snapshotID! }, { sourceServerID: b!.sourceServerId, recoverySnapshotID: 'pit-000000000000000AA' }],
    }));
    clock.advance(30 * MINUTE);
    const instances = (await drs.send(new DescribeRecoveryInstancesCommand({ filters: { sourceServerIDs: [a!.sourceServerId, b!.sourceServerId] } }))).items!;
    const fromChosen = instances.find((ri) => ri.jobID === started.job!.jobID && ri.sourceServerID === a!.sourceServerId)!;
    expect(fromChosen.pointInTimeSnapshotDateTime).toBe(chosen.timestamp);
    expect(instances.some((ri) => ri.jobID === started.job!.jobID && ri.sourceServerID === b!.sourceServerId)).toBe(false);
    const logs = (await drs.send(new DescribeJobLogItemsCommand({ jobID: started.job!.jobID! }))).items!;
    expect(logs.find((l) => l.event === 'LAUNCH_FAILED')!.eventData).toMatchObject({ sourceServerID: b!.sourceServerId, rawError: expect.stringContaining('pit-000000000000000AA') });
    expect(sim.conformanceViolations()).toEqual([]);
  });
});

describe('replication on the virtual clock', () => {
  it('the demo has servers in every replication state', async () => {
    const states = new Set<string>();
    for (const account of sim.scenario.accounts) {
      for (const region of account.regions) {
        const items = (await drsOf(account.accountId, region).send(new DescribeSourceServersCommand({}))).items!;
        for (const s of items) states.add(s.dataReplicationInfo!.dataReplicationState!);
      }
    }
    expect([...states].sort()).toEqual(['BACKLOG', 'CONTINUOUS', 'CREATING_SNAPSHOT', 'DISCONNECTED', 'INITIAL_SYNC', 'INITIATING', 'PAUSED', 'RESCAN', 'STALLED', 'STOPPED']);
    expect(sim.conformanceViolations()).toEqual([]);
  });

  it('a stalled server’s lag grows with the clock and carries its dataReplicationError; a disconnected one is last seen when it went quiet', async () => {
    const stalled = await server('crm-app-08');
    expect(stalled.dataReplicationInfo).toMatchObject({ dataReplicationState: 'STALLED', dataReplicationError: { error: expect.any(String) } });
    const lag = seconds(stalled.dataReplicationInfo!.lagDuration!);
    clock.advance(HOUR);
    expect(seconds((await server('crm-app-08')).dataReplicationInfo!.lagDuration!)).toBe(lag + 3600);

    const disconnected = await server('crm-app-09');
    expect(disconnected.dataReplicationInfo!.dataReplicationState).toBe('DISCONNECTED');
    const lastSeen = Date.parse(disconnected.lifeCycle!.lastSeenByServiceDateTime!);
    expect(clock.now() - lastSeen).toBe(seconds(disconnected.dataReplicationInfo!.lagDuration!) * 1000);
  });

  it('initial sync progresses through CREATING_SNAPSHOT to CONTINUOUS with an ETA, and initiation steps succeed in order', async () => {
    const initiating = await server('crm-app-02');
    expect(initiating.dataReplicationInfo!.dataReplicationState).toBe('INITIATING');
    const steps = initiating.dataReplicationInfo!.dataReplicationInitiation!.steps!;
    expect(steps.map((s) => s.status)).toEqual(expect.arrayContaining(['SUCCEEDED', 'IN_PROGRESS', 'NOT_STARTED']));
    expect(steps.findIndex((s) => s.status !== 'SUCCEEDED')).toBe(steps.findIndex((s) => s.status === 'IN_PROGRESS'));

    const syncing = await server('crm-app-03');
    expect(syncing.dataReplicationInfo!.dataReplicationState).toBe('INITIAL_SYNC');
    const eta = Date.parse(syncing.dataReplicationInfo!.etaDateTime!);
    const replicated = (s: SourceServer) => s.dataReplicationInfo!.replicatedDisks!.reduce((n, d) => n + d.replicatedStorageBytes!, 0);
    const before = replicated(syncing);
    clock.advance(MINUTE);
    const moved = await server('crm-app-03');
    expect(replicated(moved)).toBeGreaterThan(before);
    clock.advance(eta - clock.now() + 1000);
    expect((await server('crm-app-03')).dataReplicationInfo!.dataReplicationState).toBe('CREATING_SNAPSHOT');
    clock.advance(3 * MINUTE);
    const done = await server('crm-app-03');
    expect(done.dataReplicationInfo).toMatchObject({ dataReplicationState: 'CONTINUOUS', lagDuration: 'PT0S' });
    expect(done.dataReplicationInfo!.dataReplicationInitiation!.steps!.every((s) => s.status === 'SUCCEEDED')).toBe(true);
  });

  it('the recovering demo server drains its backlog and returns to CONTINUOUS with no lag', async () => {
    const before = await server('crm-app-10');
    expect(before.dataReplicationInfo!.dataReplicationState).toBe('DISCONNECTED');
    clock.advance(11 * MINUTE);
    const catchingUp = await server('crm-app-10');
    expect(catchingUp.dataReplicationInfo!.dataReplicationState).toBe('BACKLOG');
    expect(seconds(catchingUp.dataReplicationInfo!.lagDuration!)).toBeLessThan(seconds(before.dataReplicationInfo!.lagDuration!) + 11 * 60);
    clock.advance(HOUR);
    expect((await server('crm-app-10')).dataReplicationInfo).toMatchObject({ dataReplicationState: 'CONTINUOUS', lagDuration: 'PT0S' });
  });
});

describe('scripting replication', () => {
  const control = (body: unknown, contentType = 'application/json') =>
    fetch(`${sim.url}/_sim/replication`, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });

  it('POST /_sim/replication stalls a continuous server (lag grows, no new snapshots) and recovers it (BACKLOG → CONTINUOUS, snapshots resume)', async () => {
    const target = sim.scenario.sourceServerIds.find((s) => s.hostname === 'payments-web-01')!;
    expect((await server('payments-web-01')).dataReplicationInfo).toMatchObject({ dataReplicationState: 'CONTINUOUS', lagDuration: 'PT0S' });
    const stall = await control({ hostname: 'payments-web-01', action: 'stall', error: 'NOT_CONVERGING' });
    expect(stall.status).toBe(200);
    expect(await stall.json()).toMatchObject({ sourceServerID: target.sourceServerId, action: 'stall', stateNow: 'STALLED', upcoming: [] });
    clock.advance(2 * HOUR);
    const stalled = await server('payments-web-01');
    expect(stalled.dataReplicationInfo).toMatchObject({ dataReplicationState: 'STALLED', lagDuration: 'PT2H', dataReplicationError: { error: 'NOT_CONVERGING' } });
    expect(stalled.dataReplicationInfo!.replicatedDisks![0]!.backloggedStorageBytes).toBeGreaterThan(0);
    const drs = drsOf(target.accountId, target.region);
    const newest = async () => Date.parse((await drs.send(new DescribeRecoverySnapshotsCommand({ sourceServerID: target.sourceServerId, order: 'DESC', maxResults: 1 }))).items![0]!.expectedTimestamp!);
    expect(clock.now() - (await newest())).toBeGreaterThanOrEqual(2 * HOUR - 10 * MINUTE);

    const recover = await (await control({ sourceServerID: target.sourceServerId, action: 'recover' })).json() as { stateNow: string; upcoming: Array<{ state: string }> };
    expect(recover.stateNow).toBe('BACKLOG');
    expect(recover.upcoming.map((u) => u.state)).toEqual(['CONTINUOUS']);
    clock.advance(MINUTE);
    const draining = await server('payments-web-01');
    expect(draining.dataReplicationInfo!.dataReplicationState).toBe('BACKLOG');
    expect(seconds(draining.dataReplicationInfo!.lagDuration!)).toBeLessThan(2 * 3600);
    clock.advance(HOUR);
    expect((await server('payments-web-01')).dataReplicationInfo).toMatchObject({ dataReplicationState: 'CONTINUOUS', lagDuration: 'PT0S' });
    expect(clock.now() - (await newest())).toBeLessThan(11 * MINUTE);
    expect(sim.conformanceViolations()).toEqual([]);
  });

  it('POST /_sim/replication refuses bad input (400), an unknown server (404) and a body that is not JSON (415)', async () => {
    expect((await control({ hostname: 'payments-web-01', action: 'explode' })).status).toBe(400);
    expect((await control({ hostname: 'payments-web-01', sourceServerID: 's-00000000000000000', action: 'stall' })).status).toBe(400);
    expect((await control({ hostname: 'payments-web-01', action: 'pause', error: 'NOT_CONVERGING' })).status).toBe(400);
    expect((await control({ hostname: 'payments-web-01', action: 'stall', afterSeconds: -5 })).status).toBe(400);
    const unknown = await control({ hostname: 'nobody-01', action: 'stall' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'no source server hostname nobody-01' });
    expect((await control({ hostname: 'payments-web-01', action: 'stall' }, 'text/plain')).status).toBe(415);
  });

  it('the replicationEvents scenario option scripts a disconnect now and a recovery later', async () => {
    sim.loadScenario('demo', 1, { replicationEvents: [
      { hostname: 'orders-db-01', action: 'recover', afterSeconds: 1800 },
      { hostname: 'orders-db-01', action: 'disconnect' },
    ] });
    expect((await server('orders-db-01')).dataReplicationInfo!.dataReplicationState).toBe('DISCONNECTED');
    clock.advance(20 * MINUTE);
    expect((await server('orders-db-01')).dataReplicationInfo).toMatchObject({ dataReplicationState: 'DISCONNECTED', lagDuration: 'PT20M' });
    clock.advance(11 * MINUTE);
    expect((await server('orders-db-01')).dataReplicationInfo!.dataReplicationState).toBe('BACKLOG');
    clock.advance(HOUR);
    expect((await server('orders-db-01')).dataReplicationInfo!.dataReplicationState).toBe('CONTINUOUS');
    expect(() => sim.loadScenario('demo', 1, { replicationEvents: [{ hostname: 'orders-db-01', action: 'nap' }] })).toThrow(/replicationEvents\[0\]\.action must be one of/);
  });
});
