/**
 * One run of the recovery-instance-sync state machine on the local engine,
 * with the API calls it made: DRS, EC2 and STS from the simulated estate's
 * counters, DynamoDB from a meter on the handlers' shared document client.
 */
import type { SyncRunRecord } from '../contracts/records/sync-run';
import { SyncRunRepository } from '../lib/repositories/sync-runs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalPlatform } from '../local/platform';
import { defaultLatencyMs } from '../local/sim/latency';
import type { ServiceName } from '../local/sim';
import type { DynamoDbMeter } from './dynamodb-meter';
import type { TaskTimer } from './task-timer';
import { summarizeCalls, type CallSummary } from './sim-calls';
import { timed } from './stats';

export interface SyncMeasurement {
  readonly executionArn: string;
  readonly status: string;
  readonly wallMs: number;
  /** The execution's output (CompleteSyncRun's result). */
  readonly output: { runId?: string; status?: string; durationMs?: number; instancesProcessed?: number; regionsScanned?: number; errorCount?: number } | null;
  /** The SyncRuns record the run wrote. */
  readonly run: SyncRunRecord | null;
  readonly calls: CallSummary;
  readonly dynamodb: { total: number; byOperation: Record<string, number>; /** Real ms with at least one DynamoDB request in flight. */ busyMs: number };
  /** Lambda tasks the execution scheduled, retries included. */
  readonly taskInvocations: number;
  /** Real milliseconds of each account-region's SyncAccountRegion task, by `accountId/region`. */
  readonly taskMsByAccountRegion: Record<string, number>;
  /**
   * The estate's default latency summed over each account-region's DRS and
   * EC2 calls, by `accountId/region`: the task makes them one after another,
   * so this is the part of the task's time that is simulated AWS.
   */
  readonly simulatedDrsEc2MsByAccountRegion: Record<string, number>;
}

export async function runSync(platform: LocalPlatform, documents: DynamoDBDocumentClient, handlerMeter: DynamoDbMeter, timer: TaskTimer, timeoutMs = 120_000): Promise<SyncMeasurement> {
  const engine = platform.local.engine;
  platform.sim.resetCalls();
  handlerMeter.reset();
  timer.reset();
  const { ms, value: description } = await timed(async () => {
    const { executionArn } = engine.startExecution({ stateMachineArn: platform.recoveryInstanceSyncArn, input: JSON.stringify({ trigger: 'benchmark' }) });
    return engine.waitForExecution(executionArn, { timeoutMs });
  });
  const rawCalls = platform.sim.calls();
  const calls = summarizeCalls(rawCalls);
  const simulatedDrsEc2MsByAccountRegion: Record<string, number> = {};
  for (const c of rawCalls) {
    if (c.service !== 'drs' && c.service !== 'ec2') continue;
    const key = `${c.accountId}/${c.region}`;
    simulatedDrsEc2MsByAccountRegion[key] = (simulatedDrsEc2MsByAccountRegion[key] ?? 0) + c.count * defaultLatencyMs(c.service as ServiceName, c.operation);
  }
  const taskMsByAccountRegion: Record<string, number> = {};
  for (const t of timer.list()) if (t.target) taskMsByAccountRegion[t.target] = Math.round(t.ms);
  const dynamodb = { total: handlerMeter.total(), byOperation: handlerMeter.byOperation(), busyMs: Math.round(handlerMeter.busyMs()) };
  const output = description.output ? (JSON.parse(description.output) as SyncMeasurement['output']) : null;
  const runs = await new SyncRunRepository(platform.tables.SyncRuns, documents).latest('recovery-instance-sync', 10);
  const run = runs.find((r) => r.executionArn === description.executionArn) ?? null;
  const history = engine.getExecutionHistory(description.executionArn, { maxResults: 1000 }).items;
  return {
    executionArn: description.executionArn,
    status: description.status,
    wallMs: ms,
    output,
    run,
    calls,
    dynamodb,
    taskInvocations: history.filter((e) => e.type === 'LambdaFunctionScheduled').length,
    taskMsByAccountRegion,
    simulatedDrsEc2MsByAccountRegion,
  };
}
