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
    expect(await tables.scan('RecoveryInstanceCache')).toHaveLength(1000);

    const perAccountRegion = new Map<string, number>();
    for (const call of platform.sim.calls().filter((c) => c.service === 'drs' || c.service === 'ec2')) {
      const key = `${call.accountId}/${call.region}`;
      perAccountRegion.set(key, (perAccountRegion.get(key) ?? 0) + call.count);
    }
    const withInstances = [...perAccountRegion.entries()].filter(([, n]) => n > 1);
    expect(withInstances.length).toBe(6);
    for (const [, calls] of perAccountRegion) expect(calls).toBeLessThanOrEqual(25);
  });
});
