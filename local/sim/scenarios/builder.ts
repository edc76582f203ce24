/**
 * Builds an estate and its ScenarioDescription together, so what a scenario
 * says it contains is exactly what the services will answer. Past executions
 * run through the real job engine at past virtual times, then the estate is
 * advanced to "now": their jobs, logs and recovery instances are the genuine
 * article.
 */
import { startLaunchJob } from '../drs/jobs';
import { applyReplicationAction, DEFAULT_STALL_ERROR, INITIATION_STEP_MS, INITIATION_STEPS, initialReplication, type ReplicationAction, type ReplicationSegment, type ReplicationTimeline } from '../drs/replication';
import { extendSourceServer } from '../drs/staging';
import { launchInstance } from '../ec2/instances';
import { Prng } from '../prng';
import { Estate } from '../state/estate';
import type { SourceServerRecord } from '../state/records';
import type { ScenarioDescription } from '../types';
import { CPU_MODEL, GiB, INSTANCE_TYPES, LINUX_OS, ORIGIN_REGION, TYPES_BY_TIER, WINDOWS_OS } from './catalog';

const DAY = 86_400_000;
const MINUTE = 60_000;
const INITIATION_MS = INITIATION_STEPS.length * INITIATION_STEP_MS;

export interface ServerGroup {
  app: string;
  tier: string;
  count: number;
}

type Plan = ScenarioDescription['recoveryPlans'][number];

export class ScenarioBuilder {
  readonly estate: Estate;
  /** Scenario-shape randomness (server sizes, replication health); separate from id and job streams. */
  readonly rng: Prng;
  private readonly description: ScenarioDescription;
  /** Replication timelines' own randomness, so adding it shifts no server sizes or states. */
  private readonly replicationRng: Prng;
  private readonly hostnames = new Map<string, number>();

  constructor(name: string, seed: number, readonly now: number, hubAccountId: string) {
    this.estate = new Estate(seed);
    this.rng = Prng.stream(seed, `scenario:${name}`);
    this.replicationRng = Prng.stream(seed, `replication:${name}`);
    this.description = {
      name,
      seed,
      hubAccountId,
      accounts: [],
      sourceServerIds: [],
      stagingAccounts: [],
      recoveryInstanceCount: 0,
      protectionGroups: [],
      recoveryPlans: [],
      executions: [],
      jobs: [],
    };
  }

  /**
   * An account with well-known keys (`AKIASIM0<account>`) and a role that
   * trusts the hub; keys do not depend on the seed, so local tooling can be
   * configured once.
   */
  addAccount(accountId: string, regions: string[], options: { drsInitializedRegions?: string[]; staging?: { trustedTargetAccountIds: string[] } } = {}): void {
    const accessKeyId = `AKIASIM0${accountId}`;
    const secretAccessKey = `simulated-secret-key-for-${accountId}`;
    const roleArn = `arn:aws:iam::${accountId}:role/DrsOrchestratorTargetRole`;
    const externalId = `drs-orchestrator-${accountId}`;
    this.estate.addAccount({
      accountId,
      // Registered regions are initialized for DRS unless the scenario says which are.
      drsRegions: options.drsInitializedRegions ?? regions,
      userName: accountId === this.description.hubAccountId ? 'drs-orchestrator' : 'drs-operator',
      accessKeyId,
      secretAccessKey,
      role: {
        roleArn,
        roleName: 'DrsOrchestratorTargetRole',
        roleId: this.estate.ids.iamUniqueId('AROA'),
        externalId,
        trustedAccountIds: [this.description.hubAccountId],
      },
    });
    const account = { accountId, accessKeyId, secretAccessKey, role: { roleArn, externalId }, regions: [...regions] };
    if (options.staging) {
      for (const target of options.staging.trustedTargetAccountIds) this.estate.trustForExtension(accountId, target);
      this.description.stagingAccounts.push({ ...account, trustedTargetAccountIds: [...options.staging.trustedTargetAccountIds], sourceServers: [] });
    } else {
      this.description.accounts.push(account);
    }
  }

  /**
   * A staging account: it replicates source servers of its own (add them with
   * addSourceServers) and trusts the given target accounts to extend them. It
   * is not a target account, so the description lists it apart.
   */
  addStagingAccount(accountId: string, regions: string[], trustedTargetAccountIds: string[]): void {
    this.addAccount(accountId, regions, { staging: { trustedTargetAccountIds } });
  }

  private stagingAccount(accountId: string) {
    return this.description.stagingAccounts.find((a) => a.accountId === accountId);
  }

  /** Extends a staging account's server into a target account, as CreateExtendedSourceServer does. */
  extendServer(targetAccountId: string, staging: SourceServerRecord): SourceServerRecord {
    const record = extendSourceServer(this.estate, targetAccountId, staging, { ...staging.tags }, staging.addedAt + DAY);
    this.description.sourceServerIds.push({ accountId: targetAccountId, region: record.region, sourceServerId: record.sourceServerId, hostname: record.hostname });
    this.stagingAccount(staging.accountId)?.sourceServers.find((s) => s.sourceServerId === staging.sourceServerId)?.extendedInto.push(targetAccountId);
    return record;
  }

  /** Removes a staging account's server (decommissioned), leaving its extensions behind. */
  removeStagingServer(server: SourceServerRecord): void {
    this.estate.region(server.accountId, server.region).sourceServers.delete(server.sourceServerId);
    const staging = this.stagingAccount(server.accountId);
    if (staging) staging.sourceServers = staging.sourceServers.filter((s) => s.sourceServerId !== server.sourceServerId);
  }

  /** Sets the EBS key of a staging server's volumes (DEFAULT = aws/ebs, which cannot be shared). */
  setEbsEncryption(server: SourceServerRecord, ebsEncryption: 'DEFAULT' | 'CUSTOM'): void {
    server.ebsEncryption = ebsEncryption;
    const listed = this.stagingAccount(server.accountId)?.sourceServers.find((s) => s.sourceServerId === server.sourceServerId);
    if (listed) listed.ebsEncryption = ebsEncryption;
  }

  private nextHostname(app: string, tier: string): string {
    const key = `${app}-${tier}`;
    const n = (this.hostnames.get(key) ?? 0) + 1;
    this.hostnames.set(key, n);
    return `${key}-${String(n).padStart(2, '0')}`;
  }

  addSourceServers(accountId: string, region: string, groups: ServerGroup[]): SourceServerRecord[] {
    return groups.flatMap((group) => Array.from({ length: group.count }, () => this.addSourceServer(accountId, region, group.app, group.tier)));
  }

  addSourceServer(accountId: string, region: string, app: string, tier: string): SourceServerRecord {
    const { estate, rng } = this;
    const state = estate.region(accountId, region);
    const hostname = this.nextHostname(app, tier);
    const instanceType = rng.pick(TYPES_BY_TIER[tier] ?? TYPES_BY_TIER.app!);
    const size = INSTANCE_TYPES[instanceType]!;
    const windows = tier === 'app' && rng.chance(0.2);
    const onPremises = rng.chance(0.2);
    const originRegion = ORIGIN_REGION[region] ?? region;
    const health = rng.next();
    const [replicationState, lagSeconds] =
      health < 0.88 ? (['CONTINUOUS', 0] as const)
      : health < 0.94 ? (['BACKLOG', rng.int(120, 1200)] as const)
      : health < 0.97 ? (['STALLED', rng.int(3600, 21600)] as const)
      : health < 0.99 ? (['INITIAL_SYNC', rng.int(300, 3600)] as const)
      : (['DISCONNECTED', rng.int(7200, 86400)] as const);
    const addedAt = this.now - rng.int(30, 400) * DAY;
    const sourceServerId = estate.ids.sourceServer();
    const domain = onPremises ? 'corp.example.com' : `${originRegion}.compute.internal`;
    const disks = [{ deviceName: windows ? 'C:' : '/dev/xvda', bytes: rng.pick([30, 50, 100]) * GiB }];
    if (tier === 'db' || rng.chance(0.3)) disks.push({ deviceName: windows ? 'D:' : '/dev/xvdb', bytes: rng.pick([200, 500, 1000, 2000]) * GiB });
    const firstByteAt = addedAt + rng.int(2, 20) * MINUTE;
    const record: SourceServerRecord = {
      sourceServerId,
      arn: `arn:aws:drs:${region}:${accountId}:source-server/${sourceServerId}`,
      accountId,
      region,
      hostname,
      fqdn: `${hostname}.${domain}`,
      tags: { Name: hostname, Application: app, Tier: tier, Environment: 'production' },
      addedAt,
      firstByteAt,
      osFamily: windows ? 'windows' : 'linux',
      osFullString: windows ? rng.pick(WINDOWS_OS) : rng.pick(LINUX_OS),
      recommendedInstanceType: instanceType,
      cpus: [{ cores: size.vcpus, modelName: CPU_MODEL }],
      ramBytes: size.ramGiB * GiB,
      disks,
      networkInterfaces: [{ macAddress: estate.ids.macAddress(), ips: [`172.${16 + rng.int(0, 15)}.${rng.int(0, 255)}.${rng.int(4, 250)}`], isPrimary: true }],
      replication: this.replicationHistory(firstByteAt, replicationState, lagSeconds, disks),
      origin: onPremises
        ? { environment: 'ON_PREMISES', vmWareUuid: estate.ids.uuid() }
        : { environment: 'AWS', accountId, region: originRegion, availabilityZone: `${originRegion}${rng.pick(['a', 'b', 'c'])}`, instanceId: estate.ids.instance() },
      staging: { accountId, status: 'NOT_EXTENDED' },
      agentVersion: '4.6.1016.2',
    };
    state.sourceServers.set(sourceServerId, record);
    const staging = this.stagingAccount(accountId);
    if (staging) staging.sourceServers.push({ region, sourceServerId, arn: record.arn, hostname, extendedInto: [], ebsEncryption: 'CUSTOM' });
    else this.description.sourceServerIds.push({ accountId, region, sourceServerId, hostname });
    return record;
  }

  /**
   * A timeline that puts the server in `state` with `lagSeconds` of lag now:
   * replicating continuously since its initial sync, then the drawn condition
   * from the moment its lag says it began.
   */
  private replicationHistory(firstByteAt: number, state: string, lagSeconds: number, disks: Array<{ bytes: number }>): ReplicationTimeline {
    const totalBytes = disks.reduce((n, d) => n + d.bytes, 0);
    // Initiation ends, and the first byte arrives, at firstByteAt.
    const timeline: ReplicationTimeline = { segments: initialReplication(firstByteAt - INITIATION_MS, totalBytes) };
    const since = this.now - lagSeconds * 1000;
    switch (state) {
      case 'BACKLOG':
        // Caught up on a network blip a few minutes ago and draining the backlog now.
        applyReplicationAction(timeline, 'stall', since, { totalBytes });
        applyReplicationAction(timeline, 'recover', this.now - this.replicationRng.int(10, 60) * 1000, { totalBytes });
        break;
      case 'STALLED':
      case 'DISCONNECTED':
        applyReplicationAction(timeline, state === 'STALLED' ? 'stall' : 'disconnect', since, { totalBytes });
        break;
      case 'INITIAL_SYNC': {
        // Re-initiated: the sync began `lagSeconds` ago and has 10–60 minutes to go.
        const segments: ReplicationSegment[] = initialReplication(since - INITIATION_MS, totalBytes).slice(0, 2);
        const syncSegment = segments[1]!;
        syncSegment.until = Math.max(syncSegment.until!, this.now + this.replicationRng.int(10, 60) * MINUTE);
        const until = syncSegment.until;
        timeline.segments = [
          ...timeline.segments.filter((s) => s.at < since - INITIATION_MS),
          ...segments,
          { at: until, state: 'CREATING_SNAPSHOT', lagAtStart: (until - since) / 1000, until: until + 2 * MINUTE },
          { at: until + 2 * MINUTE, state: 'CONTINUOUS', lagAtStart: 0 },
        ];
        break;
      }
      default:
        break;
    }
    return timeline;
  }

  /** Scripts a replication change of a server at virtual instant `at` (see drs/replication.ts). */
  scriptReplication(server: SourceServerRecord, action: ReplicationAction, at: number, error: ReplicationSegment['error'] = DEFAULT_STALL_ERROR): void {
    applyReplicationAction(server.replication, action, at, { totalBytes: server.disks.reduce((n, d) => n + d.bytes, 0), error });
  }

  addProtectionGroup(name: string, accountId: string, region: string, servers: SourceServerRecord[]): string {
    const id = this.estate.ids.uuid();
    this.description.protectionGroups.push({ id, name, accountId, region, sourceServerIds: servers.map((s) => s.sourceServerId) });
    return id;
  }

  addPlan(name: string, waves: Plan['waves']): Plan {
    const plan = { id: this.estate.ids.uuid(), name, waves };
    this.description.recoveryPlans.push(plan);
    return plan;
  }

  /** Ordinary EC2 workloads that have nothing to do with DRS, so DescribeInstances is not all recovery instances. */
  addWorkloadInstances(accountId: string, region: string, names: string[]): void {
    const state = this.estate.region(accountId, region);
    names.forEach((name, i) =>
      launchInstance(this.estate, state, {
        instanceType: 't3.medium',
        tier: 'default',
        subnetIndex: i,
        launchTime: this.now - this.rng.int(5, 200) * DAY,
        publicIp: name.startsWith('bastion'),
        ...(i % 2 === 0 ? { instanceProfile: 'AmazonSSMRoleForInstancesQuickSetup' } : {}),
        tags: { Name: name, Environment: 'shared-services' },
      }),
    );
  }

  /**
   * The EC2 instances DRS replicates from, in their origin account and region
   * (sourceCloudProperties), as running instances carrying the server's tags
   * plus what their owners added since: a cost centre DRS has not seen (what
   * tag sync copies) and the CloudFormation tag AWS reserves (never copied).
   * Added last, so the ids of everything before are unchanged.
   */
  addOriginInstances(servers: SourceServerRecord[]): void {
    servers.forEach((server, i) => {
      if (server.origin.environment !== 'AWS') return;
      const app = server.tags.Application ?? 'app';
      launchInstance(this.estate, this.estate.region(server.origin.accountId, server.origin.region), {
        instanceId: server.origin.instanceId,
        instanceType: server.recommendedInstanceType,
        tier: server.tags.Tier ?? 'default',
        subnetIndex: i,
        launchTime: server.addedAt - 30 * DAY,
        tags: { ...server.tags, CostCentre: `cc-${app}`, 'aws:cloudformation:stack-name': `${app}-stack` },
      });
    });
  }

  /** Stopped instances tagged for DRS launch into instance, keeping id and private IP at recovery. */
  addLaunchTargets(servers: SourceServerRecord[]): void {
    servers.forEach((server, i) => {
      launchInstance(this.estate, this.estate.region(server.accountId, server.region), {
        instanceType: server.recommendedInstanceType,
        tier: server.tags.Tier ?? 'default',
        subnetIndex: i,
        launchTime: this.now - 20 * DAY,
        state: 'stopped',
        diskBytes: server.disks.map((d) => d.bytes),
        tags: { Name: `${server.hostname}-dr-target`, AWSDRS: 'AllowLaunchingIntoThisInstance', 'drs-orchestrator:source-server-id': server.sourceServerId },
      });
    });
  }

  /**
   * Runs a plan as the orchestrator would have: wave by wave, one job per
   * protection group (chunked to the 100-server quota), without StartRecovery
   * tags (the orchestrator passes none), each job listed in the description's
   * `jobs` as the orchestrator's job table would hold it. `recordAsLive`
   * lists it in the description's executions.
   */
  runPastExecution(plan: Plan, startedAt: number, isDrill: boolean, recordAsLive: boolean): string {
    const executionId = this.estate.ids.uuid();
    const groups = new Map(this.description.protectionGroups.map((pg) => [pg.id, pg]));
    const launched: string[] = [];
    plan.waves.forEach((wave, w) => {
      const waveStart = startedAt + w * 20 * MINUTE;
      for (const pgId of wave.protectionGroupIds) {
        const pg = groups.get(pgId)!;
        const region = this.estate.region(pg.accountId, pg.region);
        for (let i = 0; i < pg.sourceServerIds.length; i += 100) {
          const ids = pg.sourceServerIds.slice(i, i + 100);
          const job = startLaunchJob(this.estate, region, { sourceServerIds: ids, isDrill, tags: {} }, waveStart);
          this.description.jobs.push({
            jobId: job.jobId,
            executionId,
            planId: plan.id,
            planName: plan.name,
            // Plan waves have no ids of their own yet: a wave is its position in the plan.
            waveId: `wave-${w + 1}`,
            waveName: wave.name,
            executionType: isDrill ? 'DRILL' : 'RECOVERY',
            accountId: pg.accountId,
            region: pg.region,
            startedAt: new Date(waveStart).toISOString(),
          });
          launched.push(...ids);
        }
      }
    });
    if (recordAsLive) this.description.executions.push({ executionId, planId: plan.id, sourceServerIds: launched });
    return executionId;
  }

  build(behaviour: Estate['behaviour']): { estate: Estate; description: ScenarioDescription } {
    // Past jobs run to completion with the default behaviour; the scenario's own behaviour applies from now on.
    this.estate.advance(this.now);
    this.estate.behaviour = behaviour;
    let count = 0;
    for (const region of this.estate.allRegions()) count += region.recoveryInstances.size;
    this.description.recoveryInstanceCount = count;
    return { estate: this.estate, description: this.description };
  }
}
