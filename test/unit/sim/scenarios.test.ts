import { DRS_COMMERCIAL_REGIONS } from '../../../lib/regions/drs-regions';
import { buildScenario, ScenarioError } from '../../../local/sim/scenarios';

const NOW = Date.UTC(2025, 0, 15, 12);

describe('scenarios', () => {
  it('demo: 120 servers, 30 recovery instances from two live drills, plans over protection groups', () => {
    const { description, estate } = buildScenario('demo', 1, {}, NOW);
    expect(description.hubAccountId).toBe('111111111111');
    expect(description.accounts.map((a) => a.accountId)).toEqual(['111111111111', '222222222222', '333333333333']);
    // 120 replicating in the target accounts, and 5 extended into account A from the staging account.
    expect(description.sourceServerIds).toHaveLength(125);
    expect(new Set(description.sourceServerIds.map((s) => s.hostname)).size).toBe(125);
    expect(description.recoveryInstanceCount).toBe(30);
    expect(description.executions).toHaveLength(2);
    expect(description.executions.flatMap((e) => e.sourceServerIds)).toHaveLength(30);
    const groups = new Map(description.protectionGroups.map((g) => [g.id, g]));
    const size = (name: string) =>
      description.recoveryPlans.find((p) => p.name === name)!.waves.flatMap((w) => w.protectionGroupIds).reduce((n, id) => n + groups.get(id)!.sourceServerIds.length, 0);
    expect(size('Core platform')).toBe(90);
    // Every live execution's servers have a recovery instance whose job the scenario lists for that execution;
    // neither the recovery instance nor its EC2 instance carries the execution (DRS keeps StartRecovery's tags on the job).
    const jobs = new Map(description.jobs.map((j) => [j.jobId, j]));
    expect(jobs.size).toBe(description.jobs.length);
    for (const execution of description.executions) {
      for (const id of execution.sourceServerIds) {
        const server = description.sourceServerIds.find((s) => s.sourceServerId === id)!;
        const region = estate.region(server.accountId, server.region);
        const ri = region.recoveryInstanceOf(id)!;
        expect(jobs.get(ri.jobId)).toMatchObject({ executionId: execution.executionId, planId: execution.planId, executionType: 'DRILL', accountId: server.accountId, region: server.region });
        expect(Object.keys(region.instances.get(ri.recoveryInstanceId)!.tags).filter((k) => k.startsWith('drs-orchestrator:'))).toEqual([]);
        expect(ri.tags).toEqual({});
      }
    }
    // The superseded drill's jobs are listed too: the orchestrator started them.
    expect(new Set(description.jobs.map((j) => j.executionId)).size).toBe(3);
    expect(description.accounts[1]!.role).toEqual({ roleArn: 'arn:aws:iam::222222222222:role/DrsOrchestratorTargetRole', externalId: 'drs-orchestrator-222222222222' });
  });

  it('demo: a staging account trusted by account A, with extended, extensible and default-EBS-key servers', () => {
    const { description, estate } = buildScenario('demo', 1, {}, NOW);
    expect(description.stagingAccounts.map((a) => [a.accountId, a.trustedTargetAccountIds])).toEqual([['444444444444', ['222222222222']]]);
    const servers = description.stagingAccounts[0]!.sourceServers;
    expect(servers).toHaveLength(12);
    expect(servers.filter((s) => s.extendedInto.includes('222222222222'))).toHaveLength(4);
    expect(servers.filter((s) => s.ebsEncryption === 'DEFAULT' && s.extendedInto.length === 0)).toHaveLength(2);
    const extensions = [...estate.region('222222222222', 'us-east-1').sourceServers.values()].filter((s) => s.staging.status !== 'NOT_EXTENDED');
    expect(extensions.map((s) => s.staging.status).sort()).toEqual(['EXTENDED', 'EXTENDED', 'EXTENDED', 'EXTENDED', 'EXTENSION_ERROR']);
    expect(estate.trustsForExtension('444444444444', '222222222222')).toBe(true);
    expect(estate.trustsForExtension('444444444444', '333333333333')).toBe(false);
  });

  it('regions: stagingServersPerRegion adds a trusted staging account with servers in the 3 active regions, and changes no other id', () => {
    const plain = buildScenario('regions', 1, {}, NOW).description;
    const { description, estate } = buildScenario('regions', 1, { stagingServersPerRegion: 4 }, NOW);
    expect(description.sourceServerIds).toEqual(plain.sourceServerIds);
    expect(description.stagingAccounts.map((a) => [a.accountId, a.trustedTargetAccountIds])).toEqual([['444444444444', ['222222222222']]]);
    expect(description.stagingAccounts[0]!.sourceServers.map((s) => s.region).sort()).toEqual(['eu-west-1', 'eu-west-1', 'eu-west-1', 'eu-west-1', 'us-east-1', 'us-east-1', 'us-east-1', 'us-east-1', 'us-west-2', 'us-west-2', 'us-west-2', 'us-west-2']);
    expect(estate.trustsForExtension('444444444444', '222222222222')).toBe(true);
    expect(plain.stagingAccounts).toEqual([]);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = buildScenario('demo', 7, {}, NOW).description;
    expect(buildScenario('demo', 7, {}, NOW).description).toEqual(a);
    expect(buildScenario('demo', 8, {}, NOW).description.sourceServerIds[0]!.sourceServerId).not.toBe(a.sourceServerIds[0]!.sourceServerId);
  });

  it('scale: spreads servers and recovery instances evenly over accounts × regions', () => {
    const { description } = buildScenario('scale', 1, { recoveryInstances: 300, accounts: 2, regions: 3 }, NOW);
    expect(description.recoveryInstanceCount).toBe(300);
    const perSlot = new Map<string, number>();
    for (const s of description.sourceServerIds) perSlot.set(`${s.accountId}/${s.region}`, (perSlot.get(`${s.accountId}/${s.region}`) ?? 0) + 1);
    expect([...perSlot.values()]).toEqual([50, 50, 50, 50, 50, 50]);
    expect(description.recoveryPlans).toHaveLength(1);
    expect(description.executions[0]!.sourceServerIds).toHaveLength(300);
  });

  it('regions: one account registered in all 28 DRS regions, DRS initialized in 6, servers in exactly 3', () => {
    const { estate, description } = buildScenario('regions', 1, { serversPerRegion: 12 }, NOW);
    const target = description.accounts.find((a) => a.accountId === '222222222222')!;
    expect(target.regions).toEqual([...DRS_COMMERCIAL_REGIONS]);
    const initialized = target.regions.filter((r) => estate.region(target.accountId, r).drsInitialized);
    expect(initialized.sort()).toEqual(['ap-southeast-2', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'us-east-1', 'us-west-2']);
    const perRegion = new Map<string, number>();
    for (const s of description.sourceServerIds) perRegion.set(s.region, (perRegion.get(s.region) ?? 0) + 1);
    expect(Object.fromEntries(perRegion)).toEqual({ 'us-east-1': 12, 'us-west-2': 12, 'eu-west-1': 12 });
    expect(description.recoveryInstanceCount).toBe(36);
  });

  it('empty: accounts and roles, nothing else', () => {
    const { description } = buildScenario('empty', 1, {}, NOW);
    expect(description.accounts).toHaveLength(3);
    expect(description.sourceServerIds).toEqual([]);
    expect(description.recoveryInstanceCount).toBe(0);
  });

  it.each([
    ['nope', {}, /unknown scenario/],
    ['demo', { launchFailureRate: 3 }, /launchFailureRate must be a number from 0 to 1/],
    ['demo', { recoveryInstances: 5 }, /has no option recoveryInstances/],
    ['scale', { accounts: 0 }, /accounts must be an integer/],
    ['demo', { replicationEvents: {} }, /replicationEvents must be an array/],
    ['demo', { replicationEvents: [{ hostname: 'nobody-01', action: 'stall' }] }, /replicationEvents\[0\]: no source server hostname nobody-01/],
    ['regions', { serversPerRegion: 0 }, /serversPerRegion must be an integer/],
    ['regions', { accounts: 2 }, /has no option accounts/],
  ])('rejects %s with %j', (name, options, message) => {
    expect(() => buildScenario(name, 1, options, NOW)).toThrow(ScenarioError);
    expect(() => buildScenario(name, 1, options, NOW)).toThrow(message);
  });
});
