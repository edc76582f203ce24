import * as os from 'node:os';
import * as path from 'node:path';
import type { CfnTemplate } from '../../local/cfn';
import { startLocalPlatform, type LocalPlatform, type LocalPlatformOptions } from '../../local/platform';
import type { HistoryEvent } from '../../local/sfn';
import { loadTemplates } from './synth';

/**
 * The local platform as machine tests use it: random ports, the templates the
 * global setup synthesized, no scheduler (tests start executions themselves),
 * no simulated latency, every simulated response checked against the models,
 * and a fast clock so Retry backoff takes milliseconds.
 */
export async function startTestPlatform(options: Partial<LocalPlatformOptions> = {}): Promise<LocalPlatform> {
  const platform = await startLocalPlatform({
    ports: { api: 0, sim: 0, dynamodb: 0, sfn: 0 },
    templates: loadTemplates() as Record<string, CfnTemplate>,
    scheduler: false,
    latency: 'none',
    conformance: 'enforce',
    clockSpeed: 60,
    dataDir: path.join(os.tmpdir(), `drs-orch-test-${process.pid}`),
    ...options,
  });
  await platform.seedScenario();
  return platform;
}

/** Names of the states entered, in order. */
export function statesEntered(history: readonly HistoryEvent[]): string[] {
  return history
    .filter((e) => e.type.endsWith('StateEntered'))
    .map((e) => (e as unknown as { stateEnteredEventDetails: { name: string } }).stateEnteredEventDetails.name);
}

/** How many times the Lambda function behind `functionArn` was scheduled, retries included. */
export function lambdaInvocations(history: readonly HistoryEvent[], functionArn: string): number {
  return history.filter(
    (e) => e.type === 'LambdaFunctionScheduled' && (e as unknown as { lambdaFunctionScheduledEventDetails: { resource: string } }).lambdaFunctionScheduledEventDetails.resource === functionArn,
  ).length;
}

/** Starts an execution and waits for it to end. */
export async function runExecution(platform: LocalPlatform, stateMachineArn: string, input: unknown = {}, timeoutMs = 60_000) {
  const { executionArn } = platform.local.engine.startExecution({ stateMachineArn, input: JSON.stringify(input) });
  const description = await platform.local.engine.waitForExecution(executionArn, { timeoutMs });
  const history = platform.local.engine.getExecutionHistory(executionArn, { maxResults: 10_000 }).items;
  return { executionArn, description, history };
}
