/**
 * recovery-instance-sync executions that end outside the machine's own
 * paths, run from the synthesized ASL on the local platform: the execution
 * fails with an error no Catch handles. Step Functions runs no state for it,
 * so the run record and the lock are given back by the execution-ended rule
 * (EventBridge → ReleaseEndedExecution, decision 15). The timeout path is in
 * recovery-instance-sync-timeout.test.ts (it needs an app with a short
 * machine timeout). Also: an overlapping start is skipped and counted as
 * SyncSkipped.
 *
 * Failing with no Catch: every state after BeginSyncRun has a States.ALL
 * Catch to RecordRunFailure, and BeginSyncRun's only uncaught failures before
 * its run-record write (bad input, the lock) hold nothing. What is left is
 * RecordRunFailure itself, which has no Catch: here its Lambda runtime exits
 * (Runtime.ExitError, as for an out-of-memory kill) after ListSyncTargets
 * failed, so the execution fails holding the lock and a RUNNING record.
 */
import { captureStdout, emfRecords } from '../support/emf-metrics';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalPlatform } from '../../local/platform';
import type { HistoryEvent } from '../../local/sfn';
import { recoveryInstanceSyncStatus } from '../../lib/recovery-instances/sync-control';
import { crashNextInvocation } from '../support/lambda-faults';
import { runExecution, startTestPlatform, statesEntered } from '../support/platform';
import { platformTables } from '../support/tables';

const SYNC = 'recovery-instance-sync';
const CLOCK_SPEED = 100;
/** How long (real ms, the estate's latency fault) the first of two overlapping runs is held in SyncAccountRegions. */
const OVERLAP_HOLD_MS = 3000;

let platform: LocalPlatform;
let tables: ReturnType<typeof platformTables>;
let syncArn: string;
let completeSyncRunArn: string;
/** The handlers' EMF lines (and anything else on stdout), captured for the whole file rather than printed. */
let stdout: ReturnType<typeof captureStdout>;

beforeAll(async () => {
  stdout = captureStdout();
  platform = await startTestPlatform({ clockSpeed: CLOCK_SPEED });
  tables = platformTables(platform);
  syncArn = platform.recoveryInstanceSyncArn;
  completeSyncRunArn = platform.local.assembly.functions.find((f) => f.handler?.entry === 'tasks/recovery-instance-sync/complete-sync-run.ts')!.arn;
  // Loads (and compiles) every handler first: an empty input is refused before any work, and no run spends its short timeout loading them.
  // Their "no metrics to publish" warnings go to stderr: kept out of the test output.
  const warnings = captureStdout(process.stderr);
  try {
    for (const fn of platform.local.assembly.functions.filter((f) => f.handler?.entry.startsWith('tasks/'))) {
      await platform.local.lambda.invoke(fn.arn, {}).catch(() => undefined);
    }
  } finally {
    warnings.stop();
  }
});

afterAll(async () => {
  stdout?.stop();
  tables?.close();
  expect(platform?.sim.conformanceViolations()).toEqual([]);
  await platform?.close();
});

beforeEach(() => platform.sim.setFaults([]));

const history = (executionArn: string): HistoryEvent[] => platform.local.engine.getExecutionHistory(executionArn, { maxResults: 10_000 }).items;
const endedRuleDeliveries = (from: number) => platform.events.deliveries.slice(from).filter((d) => d.rule.includes('ExecutionEndedRule'));
const runOf = async (executionArn: string) => (await tables.syncRuns.latest(SYNC, 20)).find((r) => r.executionArn === executionArn);

describe('recovery-instance-sync: executions that end outside their own paths', () => {
  it('failure no Catch handles: RecordRunFailure\'s runtime exits, the execution FAILS; the rule records FAILED and releases the lock', async () => {
    const [account] = await tables.targetAccounts.list();
    // A broken target account record makes ListSyncTargets fail into RecordRunFailure.
    await tables.documents.send(new PutCommand({ TableName: platform.tables.TargetAccounts, Item: { ...account, accountId: '999999999999', regions: ['not-a-region'] } }));
    const restore = crashNextInvocation(platform, completeSyncRunArn);
    const before = platform.events.deliveries.length;
    try {
      const { executionArn, description, history: events } = await runExecution(platform, syncArn);
      expect(description).toMatchObject({ status: 'FAILED', error: 'Runtime.ExitError' });
      expect(statesEntered(events)).toEqual(['BeginSyncRun', 'ListSyncTargets', 'RecordRunFailure']);
      expect(events.at(-1)!.type).toBe('ExecutionFailed');

      await platform.events.settled();
      expect(endedRuleDeliveries(before)).toEqual([expect.objectContaining({ status: 'SUCCEEDED', attempts: 1 })]);
      expect(await runOf(executionArn)).toMatchObject({
        status: 'FAILED',
        endedAt: expect.any(String),
        errors: [{ errorName: 'Runtime.ExitError', message: expect.stringMatching(/^Runtime\.ExitError: /) }],
      });
      expect(await tables.syncRuns.lockHolder(SYNC)).toBeUndefined();
      expect((await recoveryInstanceSyncStatus(tables.syncRuns)).running).toBe(false);
    } finally {
      restore();
      await tables.targetAccounts.delete('999999999999');
    }
    const next = await runExecution(platform, syncArn);
    expect(next.description.status).toBe('SUCCEEDED');
  });

  it('overlapping start: the run started while another holds the lock is skipped and counts SyncSkipped, not SyncSuccess', async () => {
    const target = platform.scenario.accounts.find((a) => a.accountId !== platform.scenario.hubAccountId)!;
    // Long enough for the second run to start, well within the machine's timeout.
    platform.sim.setFaults([{ service: 'drs', operation: 'DescribeRecoveryInstances', accountId: target.accountId, region: target.regions[0], fault: 'latency', latencyMs: OVERLAP_HOLD_MS, count: 1 }]);
    const atStart = emfRecords(stdout.chunks).length;
    const first = platform.local.engine.startExecution({ stateMachineArn: syncArn, input: '{}' });
    await waitUntil(() => statesEntered(history(first.executionArn)).includes('SyncAccountRegions'));
    const metricsBefore = emfRecords(stdout.chunks).length;
    const second = await runExecution(platform, syncArn);
    expect(second.description.status).toBe('SUCCEEDED');
    expect(statesEntered(second.history)).toEqual(['BeginSyncRun', 'SkipOverlappingRun']);
    const skippedMetrics = emfRecords(stdout.chunks).slice(metricsBefore);
    expect(skippedMetrics).toEqual([{ namespace: 'DrsOrchestrator', dimensions: expect.objectContaining({ SyncName: SYNC }), metrics: { SyncSkipped: 1 } }]);

    expect((await platform.local.engine.waitForExecution(first.executionArn, { timeoutMs: 30_000 })).status).toBe('SUCCEEDED');
    const all = emfRecords(stdout.chunks).slice(atStart);
    expect(all.filter((r) => 'SyncSkipped' in r.metrics)).toHaveLength(1);
    // The run that did the work is the one success.
    expect(all.filter((r) => 'SyncSuccess' in r.metrics)).toHaveLength(1);
    expect(await runOf(second.executionArn)).toBeUndefined();
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
