/**
 * recovery-instance-sync: an execution that times out, run from the
 * synthesized ASL on the local platform. Step Functions runs no state of the
 * machine for a timeout, so the run record and the lock are given back by the
 * execution-ended rule (EventBridge → ReleaseEndedExecution, decision 15).
 *
 * The app is synthesized with a short machine timeout (the stack's
 * `recoveryInstanceSyncTimeout`), because the local clock runs at 1× while a
 * task computes or waits on AWS (decision 11): as in AWS, only a run that is
 * really stuck for the whole timeout times out. One DescribeRecoveryInstances
 * answer held back by the estate's latency fault keeps one SyncAccountRegion
 * busy past it.
 */
import { Duration } from 'aws-cdk-lib';
import type { CfnTemplate } from '../../local/cfn';
import type { LocalPlatform } from '../../local/platform';
import type { HistoryEvent } from '../../local/sfn';
import { recoveryInstanceSyncStatus } from '../../lib/recovery-instances/sync-control';
import { captureStdout } from '../support/emf-metrics';
import { runExecution, startTestPlatform, statesEntered } from '../support/platform';
import { buildTestApp, synthesizeTemplates } from '../support/synth';
import { platformTables } from '../support/tables';

const SYNC = 'recovery-instance-sync';
const MACHINE_TIMEOUT = Duration.seconds(10);
/** Longer than the machine's timeout: the held-back answer comes only after the execution has timed out. */
const STUCK_MS = MACHINE_TIMEOUT.toMilliseconds() + 5_000;

let platform: LocalPlatform;
let tables: ReturnType<typeof platformTables>;
let syncArn: string;

beforeAll(async () => {
  const templates = synthesizeTemplates(buildTestApp({ orchestration: { recoveryInstanceSyncTimeout: MACHINE_TIMEOUT } })) as Record<string, CfnTemplate>;
  platform = await startTestPlatform({ templates });
  tables = platformTables(platform);
  syncArn = platform.recoveryInstanceSyncArn;
  // Loads (and compiles) every handler first, so no run spends its short timeout loading them: an empty input is refused before any work.
  // Their "no metrics to publish" warnings go to stderr: kept out of the test output.
  const warnings = captureStdout(process.stderr);
  try {
    for (const fn of platform.local.assembly.functions.filter((f) => f.handler?.entry.startsWith('tasks/'))) {
      await platform.local.lambda.invoke(fn.arn, {}).catch(() => undefined);
    }
  } finally {
    warnings.stop();
  }
}, 120_000);

afterAll(async () => {
  tables?.close();
  expect(platform?.sim.conformanceViolations()).toEqual([]);
  await platform?.close();
});

const history = (executionArn: string): HistoryEvent[] => platform.local.engine.getExecutionHistory(executionArn, { maxResults: 10_000 }).items;
const endedRuleDeliveries = (from: number) => platform.events.deliveries.slice(from).filter((d) => d.rule.includes('ExecutionEndedRule'));

it('the synthesized machine carries the app\'s timeout', () => {
  const definition = platform.local.assembly.findStateMachine(syncArn)!.definition as { TimeoutSeconds: number };
  expect(definition.TimeoutSeconds).toBe(MACHINE_TIMEOUT.toSeconds());
});

it('timeout: a run stuck in SyncAccountRegions past the machine timeout ends TIMED_OUT; the rule records TIMED_OUT and releases the lock', async () => {
  const target = platform.scenario.accounts.find((a) => a.accountId !== platform.scenario.hubAccountId)!;
  platform.sim.setFaults([{ service: 'drs', operation: 'DescribeRecoveryInstances', accountId: target.accountId, region: target.regions[0], fault: 'latency', latencyMs: STUCK_MS, count: 1 }]);
  const before = platform.events.deliveries.length;
  const { executionArn } = platform.local.engine.startExecution({ stateMachineArn: syncArn, input: '{}' });
  await waitUntil(() => statesEntered(history(executionArn)).includes('SyncAccountRegions'));
  const stuckUntil = Date.now() + STUCK_MS;
  expect(await tables.syncRuns.lockHolder(SYNC)).toMatchObject({ holder: executionArn });

  const ended = await platform.local.engine.waitForExecution(executionArn, { timeoutMs: STUCK_MS + 30_000 });
  expect(ended).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
  const events = history(executionArn);
  expect(events.at(-1)!.type).toBe('ExecutionTimedOut');
  // No state of the machine ran for the timeout: what was held is released outside it.
  expect(statesEntered(events)).not.toContain('CompleteSyncRun');
  expect(statesEntered(events)).not.toContain('RecordRunFailure');

  await platform.events.settled();
  expect(endedRuleDeliveries(before)).toEqual([expect.objectContaining({ status: 'SUCCEEDED', attempts: 1 })]);
  const run = (await tables.syncRuns.latest(SYNC, 20)).find((r) => r.executionArn === executionArn);
  expect(run).toMatchObject({ status: 'TIMED_OUT', endedAt: expect.any(String), errors: [{ errorName: 'States.Timeout', message: expect.any(String) }] });
  // Released, not expired: the lock item is gone.
  expect(await tables.syncRuns.lockHolder(SYNC)).toBeUndefined();
  expect((await recoveryInstanceSyncStatus(tables.syncRuns)).running).toBe(false);

  // The next run takes the lock at once: it is not skipped as overlapping.
  const next = await runExecution(platform, syncArn);
  expect(statesEntered(next.history)).toContain('SyncAccountRegions');
  // The stuck invocation outlives its execution, as in Lambda: let it finish before the platform closes (cleanup, not an assertion).
  await new Promise((r) => setTimeout(r, Math.max(0, stuckUntil - Date.now()) + 1000));
}, 90_000);

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
