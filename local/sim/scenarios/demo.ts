/**
 * The demo estate: a hub account that runs the orchestrator and two target
 * accounts, 120 source servers over three regions, 30 recovery instances
 * from two recent drills (plus an older drill whose instances they
 * replaced), protection groups per tier, and three recovery plans, one of
 * 90 servers for benchmarks.
 */
import type { SourceServerRecord } from '../state/records';
import { ScenarioBuilder } from './builder';
import { TIER_LABEL } from './catalog';

export const HUB_ACCOUNT = '111111111111';
const ACCOUNT_A = '222222222222';
const ACCOUNT_B = '333333333333';
/** A staging account: it replicates the analytics servers and trusts account A to extend them. */
export const DEMO_STAGING_ACCOUNT = '444444444444';
const DAY = 86_400_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * Puts CRM's application servers (account B, us-east-1) in every replication
 * state, whatever the seed drew for them: stopped, initiating, in initial
 * sync, draining a backlog, creating the first snapshot, paused, rescanning,
 * stalled and disconnected with growing lag, and one disconnected server
 * that recovers 10 minutes after loading (BACKLOG, then CONTINUOUS).
 */
function scriptDemoReplication(b: ScenarioBuilder, servers: SourceServerRecord[], now: number): void {
  const app = (n: number) => servers.find((s) => s.hostname === `crm-app-${String(n).padStart(2, '0')}`)!;
  b.scriptReplication(app(1), 'stop', now - 2 * DAY);
  b.scriptReplication(app(2), 'initiate', now - 3 * MINUTE);
  b.scriptReplication(app(3), 'initiate', now - 12 * MINUTE);
  b.scriptReplication(app(4), 'stall', now - 2 * HOUR);
  b.scriptReplication(app(4), 'recover', now - MINUTE);
  // The first snapshot is being created: initial sync ended a minute ago.
  b.scriptReplication(app(5), 'initiate', now);
  const creating = app(5).replication.segments.findLast((s) => s.state === 'CREATING_SNAPSHOT')!.at - now;
  b.scriptReplication(app(5), 'initiate', now - creating - MINUTE);
  b.scriptReplication(app(6), 'pause', now - 40 * MINUTE);
  b.scriptReplication(app(7), 'rescan', now - 30_000);
  b.scriptReplication(app(8), 'stall', now - 3 * HOUR, { error: 'SNAPSHOTS_FAILURE', rawError: 'Failed to take EBS snapshots of the staging disks (simulated)' });
  b.scriptReplication(app(9), 'disconnect', now - 5 * HOUR);
  b.scriptReplication(app(10), 'disconnect', now - 90 * MINUTE);
  b.scriptReplication(app(10), 'recover', now + 10 * MINUTE);
}

export function buildDemo(seed: number, now: number): ScenarioBuilder {
  const b = new ScenarioBuilder('demo', seed, now, HUB_ACCOUNT);
  b.addAccount(HUB_ACCOUNT, ['us-east-1']);
  b.addAccount(ACCOUNT_A, ['us-east-1', 'us-west-2']);
  b.addAccount(ACCOUNT_B, ['us-east-1', 'eu-west-1']);

  const estates: Array<{ accountId: string; region: string; servers: SourceServerRecord[] }> = [
    { accountId: HUB_ACCOUNT, region: 'us-east-1', servers: b.addSourceServers(HUB_ACCOUNT, 'us-east-1', [
      { app: 'identity', tier: 'web', count: 3 }, { app: 'identity', tier: 'app', count: 4 }, { app: 'identity', tier: 'db', count: 3 }]) },
    { accountId: ACCOUNT_A, region: 'us-east-1', servers: b.addSourceServers(ACCOUNT_A, 'us-east-1', [
      { app: 'payments', tier: 'web', count: 8 }, { app: 'payments', tier: 'app', count: 8 }, { app: 'payments', tier: 'db', count: 4 },
      { app: 'orders', tier: 'web', count: 8 }, { app: 'orders', tier: 'app', count: 8 }, { app: 'orders', tier: 'db', count: 4 }]) },
    { accountId: ACCOUNT_A, region: 'us-west-2', servers: b.addSourceServers(ACCOUNT_A, 'us-west-2', [
      { app: 'inventory', tier: 'web', count: 8 }, { app: 'inventory', tier: 'app', count: 10 }, { app: 'inventory', tier: 'db', count: 4 },
      { app: 'inventory', tier: 'cache', count: 4 }]) },
    { accountId: ACCOUNT_B, region: 'us-east-1', servers: b.addSourceServers(ACCOUNT_B, 'us-east-1', [
      { app: 'crm', tier: 'web', count: 8 }, { app: 'crm', tier: 'app', count: 10 }, { app: 'crm', tier: 'db', count: 6 }]) },
    { accountId: ACCOUNT_B, region: 'eu-west-1', servers: b.addSourceServers(ACCOUNT_B, 'eu-west-1', [
      { app: 'storefront', tier: 'web', count: 8 }, { app: 'storefront', tier: 'app', count: 8 }, { app: 'storefront', tier: 'db', count: 4 }]) },
  ];

  // One protection group per tier per account and region; caches recover with the databases.
  const groups = estates.map(({ accountId, region, servers }) => {
    const byTier = (tiers: string[]) => servers.filter((s) => tiers.includes(s.tags.Tier!));
    const group = (tier: string, tiers: string[]) => b.addProtectionGroup(`${TIER_LABEL[tier]} tier · ${accountId} · ${region}`, accountId, region, byTier(tiers));
    return { db: group('db', ['db', 'cache']), app: group('app', ['app']), web: group('web', ['web']) };
  });
  const waves = (indexes: number[]) => [
    { name: 'Databases', protectionGroupIds: indexes.map((i) => groups[i]!.db) },
    { name: 'Applications', protectionGroupIds: indexes.map((i) => groups[i]!.app) },
    { name: 'Web', protectionGroupIds: indexes.map((i) => groups[i]!.web) },
  ];
  b.addPlan('Core platform', waves([1, 2, 3]));
  const identity = b.addPlan('Identity services', waves([0]));
  const storefront = b.addPlan('EU storefront', waves([4]));

  b.runPastExecution(storefront, now - 9 * DAY, true, false);
  b.runPastExecution(storefront, now - 2 * DAY, true, true);
  b.runPastExecution(identity, now - 1 * DAY, true, true);

  scriptDemoReplication(b, estates[3]!.servers, now);

  b.addLaunchTargets(estates[1]!.servers.filter((s) => s.tags.Application === 'payments' && s.tags.Tier === 'db'));
  for (const { accountId, region } of estates) b.addWorkloadInstances(accountId, region, ['bastion-01', 'ci-runner-01', 'monitoring-01']);
  b.addOriginInstances(estates.flatMap((e) => e.servers));
  // Added last, so every id above is unchanged.
  addDemoStaging(b);
  return b;
}

/**
 * Staging account 444444444444 replicates 12 analytics servers (on premises,
 * as staging accounts usually hold) in us-east-1 and trusts account A.
 * Four are already extended into A; two keep their staging volumes on the
 * default EBS key, so extending them fails; six are extensible and waiting.
 * A fifth extension in A points at a staging server that was deleted since
 * (EXTENSION_ERROR).
 */
function addDemoStaging(b: ScenarioBuilder): void {
  b.addStagingAccount(DEMO_STAGING_ACCOUNT, ['us-east-1'], [ACCOUNT_A]);
  const servers = b.addSourceServers(DEMO_STAGING_ACCOUNT, 'us-east-1', [
    { app: 'analytics', tier: 'web', count: 4 }, { app: 'analytics', tier: 'app', count: 6 }, { app: 'analytics', tier: 'db', count: 3 }]);
  for (const server of servers) server.origin = { environment: 'ON_PREMISES', vmWareUuid: b.estate.ids.uuid() };
  for (const server of servers.slice(0, 4)) b.extendServer(ACCOUNT_A, server);
  b.setEbsEncryption(servers[4]!, 'DEFAULT');
  b.setEbsEncryption(servers[5]!, 'DEFAULT');
  // The last one is extended, then decommissioned in the staging account.
  const gone = servers[12]!;
  const orphan = b.extendServer(ACCOUNT_A, gone);
  b.removeStagingServer(gone);
  orphan.staging = { ...orphan.staging, status: 'EXTENSION_ERROR', errorMessage: `Staging source server ${gone.arn} no longer exists` };
}
