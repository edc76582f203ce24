/**
 * One clock on the local platform (issue 7, section 3): the Step Functions
 * engine, the handlers' "now", the simulated estate's credential expiry and
 * the records all read the same virtual clock, and a fast clock never breaks
 * a run. (Data kept across restarts: local-data-persistence.test.ts.)
 */
import { DescribeJobsCommand } from '@aws-sdk/client-drs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsClientFactory } from '../../lib/aws/clients';
import { processClock } from '../../lib/clock';
import type { LocalPlatform } from '../../local/platform';
import { runExecution, startTestPlatform } from '../support/platform';
import { platformTables } from '../support/tables';

describe('at clock speed 1000', () => {
  let platform: LocalPlatform;
  let tables: ReturnType<typeof platformTables>;

  beforeAll(async () => {
    platform = await startTestPlatform({ clockSpeed: 1000 });
    tables = platformTables(platform);
  });
  afterAll(async () => {
    tables?.close();
    await platform?.close();
  });

  it('the sync succeeds, and its run record and cache carry the times Step Functions reports', async () => {
    for (let run = 0; run < 2; run++) {
      const { description } = await runExecution(platform, platform.recoveryInstanceSyncArn);
      expect(description).toMatchObject({ status: 'SUCCEEDED' });
      const [latest] = await tables.syncRuns.latest('recovery-instance-sync', 1);
      expect(latest).toMatchObject({ executionArn: description.executionArn, status: 'SUCCEEDED', startedAt: description.startDate.toISOString() });
      expect(Date.parse(latest!.endedAt!)).toBeGreaterThanOrEqual(description.startDate.getTime());
      expect(Date.parse(latest!.endedAt!)).toBeLessThanOrEqual(description.stopDate!.getTime());
      const records = await tables.scan('RecoveryInstanceCache');
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) {
        expect(Date.parse(record.lastSyncTime as string)).toBeGreaterThanOrEqual(description.startDate.getTime());
        expect(Date.parse(record.lastSyncTime as string)).toBeLessThanOrEqual(description.stopDate!.getTime());
      }
    }
  });

  it('sessions from the estate STS expire on the virtual clock, and the client factory renews them on it', async () => {
    const hub = platform.scenario.accounts.find((a) => a.accountId === platform.scenario.hubAccountId)!;
    const target = platform.scenario.accounts.find((a) => a.role)!;
    const sts = new STSClient({ endpoint: platform.urls.sim, region: 'us-east-1', credentials: { accessKeyId: hub.accessKeyId, secretAccessKey: hub.secretAccessKey } });
    const before = platform.clock.now();
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: target.role!.roleArn, ExternalId: target.role!.externalId, RoleSessionName: 'clock-test', DurationSeconds: 900 }));
    const after = platform.clock.now();
    sts.destroy();
    expect(out.Credentials!.Expiration!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 900_000);
    expect(out.Credentials!.Expiration!.getTime()).toBeLessThanOrEqual(after + 900_000);

    const factory = new AwsClientFactory({ maxAttempts: 1 });
    const assumeRoles = () => platform.sim.calls().filter((c) => c.service === 'sts' && c.operation === 'AssumeRole').reduce((n, c) => n + c.count, 0);
    try {
      const drs = factory.drs({ accountId: target.accountId, region: target.regions[0]!, roleArn: target.role!.roleArn, externalId: target.role!.externalId });
      platform.sim.resetCalls();
      await drs.send(new DescribeJobsCommand({}));
      await drs.send(new DescribeJobsCommand({}));
      expect(assumeRoles()).toBe(1); // cached
      await platform.clock.sleep(61 * 60_000); // past the hour the session lasts, a few real seconds
      await drs.send(new DescribeJobsCommand({}));
      expect(assumeRoles()).toBe(2); // renewed on the virtual clock; the SDK's own cache would have kept the expired session
    } finally {
      factory.destroy();
    }
  });

  it('handlers read the platform clock: an account edited through the API after seeding has createdAt <= updatedAt', async () => {
    expect(Math.abs(processClock.now().getTime() - platform.clock.now())).toBeLessThan(60_000);
    const target = platform.scenario.accounts.find((a) => a.role)!;
    const url = `${platform.urls.api}/accounts/targets/${target.accountId}`;
    const headers = { authorization: `Bearer ${platform.adminToken}`, 'content-type': 'application/json' };
    const current = (await (await fetch(url, { headers })).json()) as { roleArn: string; regions: string[]; createdAt: string };
    await platform.clock.sleep(60_000);
    const response = await fetch(url, { method: 'PUT', headers, body: JSON.stringify({ name: 'Renamed on the virtual clock', roleArn: current.roleArn, regions: current.regions }) });
    expect(response.status).toBe(200);
    const stored = await tables.targetAccounts.get(target.accountId);
    expect(Date.parse(stored!.updatedAt)).toBeGreaterThanOrEqual(Date.parse(stored!.createdAt));
    expect(Date.parse(stored!.updatedAt)).toBeLessThanOrEqual(platform.clock.now());
  });

  it('the API stamps its answers with the platform clock, which the console reads times against', async () => {
    const before = platform.clock.now();
    const response = await fetch(`${platform.urls.api}/health`);
    const after = platform.clock.now();
    const stamped = Date.parse(response.headers.get('date')!);
    expect(stamped).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(stamped).toBeLessThanOrEqual(after);
  });
});
