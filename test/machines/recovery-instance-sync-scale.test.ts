/**
 * recovery-instance-sync at scale: 1,000 recovery instances across
 * 2 target accounts × 3 regions, in one run.
 */
import type { LocalPlatform } from '../../local/platform';
import { runExecution, startTestPlatform } from '../support/platform';
import { platformTables } from '../support/tables';

let platform: LocalPlatform;
let tables: ReturnType<typeof platformTables>;

beforeAll(async () => {
  // Real time: the machine's 15-minute timeout is virtual time, and a faster clock would turn it into a
  // timing threshold on this machine's speed (timings belong in the bench). No Retry or Wait runs here.
  platform = await startTestPlatform({ clockSpeed: 1, scenario: { name: 'scale', seed: 7, options: { recoveryInstances: 1000, accounts: 2, regions: 3 } } });
  tables = platformTables(platform);
});

afterAll(async () => {
  tables?.close();
  // Every response the estate sent during the file was checked against the service models.
  expect(platform?.sim.conformanceViolations()).toEqual([]);
  await platform?.close();
});

describe('recovery-instance-sync at scale', () => {
  it('1,000 instances: one run caches them all in few calls per account-region', async () => {
    platform.sim.resetCalls();
    const { description } = await runExecution(platform, platform.recoveryInstanceSyncArn, {}, 180_000);
    expect(description.status).toBe('SUCCEEDED');
    expect(JSON.parse(description.output!)).toBeDefined();

    const [run] = await tables.syncRuns.latest('recovery-instance-sync', 1);
    expect(run).toMatchObject({ status: 'SUCCEEDED', instancesProcessed: 1000 });
    const cached = await tables.scan('RecoveryInstanceCache');
    expect(cached).toHaveLength(1000);
    const accountRegionsWithInstances = new Set(cached.map((r) => `${r.accountId}/${r.region}`));
    expect(accountRegionsWithInstances.size).toBe(6);

    const perAccountRegion = new Map<string, number>();
    for (const call of platform.sim.calls().filter((c) => c.service === 'drs' || c.service === 'ec2')) {
      const key = `${call.accountId}/${call.region}`;
      perAccountRegion.set(key, (perAccountRegion.get(key) ?? 0) + call.count);
    }
    // Every account-region holding instances was scanned, and none took more than 25 calls. The hub's own
    // region holds none: on a new deployment (empty region status) it costs the instance read plus the one
    // DescribeSourceServers page that records its status for the active-region filter.
    for (const key of accountRegionsWithInstances) expect(perAccountRegion.get(key)).toBeGreaterThan(1);
    for (const [key, calls] of perAccountRegion) {
      expect(calls).toBeLessThanOrEqual(accountRegionsWithInstances.has(key) ? 25 : 2);
    }
  });
});
