/**
 * Data survives a restart of the local platform (issue 7, section 3). Its own
 * file: handler modules keep the DynamoDB endpoint of the platform that
 * loaded them, as a Lambda sandbox keeps its clients, so only one platform in
 * a file may run handlers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform } from '../support/platform';
import { platformTables } from '../support/tables';

describe('data survives a restart', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drs-orch-persist-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps accounts, groups and virtual time; seeding again neither duplicates nor clobbers; --reset starts fresh', async () => {
    let platform = await startTestPlatform({ dataDir, persist: true, clockSpeed: 1000 });
    let tables = platformTables(platform);
    let stoppedAt: number;
    const group = platform.scenario.protectionGroups[0]!;
    try {
      expect(platform.fresh).toBe(true);
      const [stored] = (await tables.scan('ProtectionGroups')).filter((g) => g.groupId === group.id);
      await tables.documents.send(new PutCommand({ TableName: platform.tables.ProtectionGroups, Item: { ...stored, name: 'Edited by the operator' } }));
      await platform.clock.sleep(3_600_000);
    } finally {
      tables.close();
      stoppedAt = platform.clock.now();
      await platform.close();
    }

    platform = await startTestPlatform({ dataDir, persist: true, clockSpeed: 1000 }); // seeds again, as a test platform does
    tables = platformTables(platform);
    try {
      expect(platform.fresh).toBe(false);
      expect(platform.clock.now()).toBeGreaterThanOrEqual(stoppedAt);
      const groups = await tables.scan('ProtectionGroups');
      expect(groups).toHaveLength(platform.scenario.protectionGroups.length);
      expect(groups.find((g) => g.groupId === group.id)!.name).toBe('Edited by the operator');
      expect(await tables.scan('TargetAccounts')).toHaveLength(platform.scenario.accounts.length);
    } finally {
      tables.close();
      await platform.close();
    }

    platform = await startTestPlatform({ dataDir, persist: true, reset: true, clockSpeed: 1000 });
    tables = platformTables(platform);
    try {
      expect(platform.fresh).toBe(true);
      const groups = await tables.scan('ProtectionGroups');
      expect(groups.find((g) => g.groupId === group.id)!.name).toBe(group.name);

      // As npm start does once seeded: the first sync runs at once, not a schedule period later.
      platform.startScheduler({ fireNow: true });
      const first = platform.local.scheduler.fired.find((f) => f.targetArn === platform.recoveryInstanceSyncArn);
      expect(first?.executionArn).toBeDefined();
      platform.local.scheduler.stop();
      const firstRun = await platform.local.engine.waitForExecution(first!.executionArn!, { timeoutMs: 60_000 });
      expect({ status: firstRun.status, error: firstRun.error, cause: firstRun.cause }).toEqual({ status: 'SUCCEEDED', error: undefined, cause: undefined });
    } finally {
      tables.close();
      await platform.close();
    }
  });
});
