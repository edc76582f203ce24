/**
 * One run of the recovery-instance-sync state machine on the local engine,
 * with the API calls it made: DRS, EC2 and STS from the simulated estate's
 * counters, DynamoDB from a meter on the handlers' shared document client.
 */
import type { SyncRunRecord } from '../contracts/records/sync-run';
import { SyncRunRepository } from '../lib/repositories/sync-runs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalPlatform } from '../local/platform';
import type { DynamoDbMeter } from './dynamodb-meter';
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
  readonly dynamodb: { total: number; byOperation: Record<string, number> };
  /** Lambda tasks the execution scheduled, retries included. */
  readonly taskInvocations: number;
}

export async function runSync(platform: LocalPlatform, documents: DynamoDBDocumentClient, handlerMeter: DynamoDbMeter, timeoutMs = 120_000): Promise<SyncMeasurement> {
  const engine = platform.local.engine;
  platform.sim.resetCalls();
  handlerMeter.reset();
  const { ms, value: description } = await timed(async () => {
    const { executionArn } = engine.startExecution({ stateMachineArn: platform.recoveryInstanceSyncArn, input: JSON.stringify({ trigger: 'benchmark' }) });
    return engine.waitForExecution(executionArn, { timeoutMs });
  });
  const calls = summarizeCalls(platform.sim.calls());
  const dynamodb = { total: handlerMeter.total(), byOperation: handlerMeter.byOperation() };
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
  };
}
