import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { recoveryInstanceSyncInputSchema, type RecoveryInstanceSyncInput } from '../../contracts/machines/recovery-instance-sync';
import type { SyncRunRecord } from '../../contracts/records/sync-run';
import { callAws } from '../aws/classify-error';
import { processClock } from '../clock';
import { assertValid } from '../validation';

export interface SyncStatus {
  /** The newest finished or running run, or null before the first. */
  readonly lastRun: SyncRunRecord | null;
  /** The newest finished run. */
  readonly lastCompletedRun: SyncRunRecord | null;
  readonly running: boolean;
  readonly recentRuns: SyncRunRecord[];
}

/** How the recovery-instance sync has been doing, from its run records: no Step Functions call. */
export async function recoveryInstanceSyncStatus(runs: { latest(syncName: 'recovery-instance-sync', limit: number): Promise<SyncRunRecord[]> }, limit = 10): Promise<SyncStatus> {
  const recentRuns = await runs.latest('recovery-instance-sync', limit);
  return {
    lastRun: recentRuns[0] ?? null,
    lastCompletedRun: recentRuns.find((r) => r.status !== 'RUNNING') ?? null,
    running: recentRuns[0]?.status === 'RUNNING',
    recentRuns,
  };
}

let sfn: SFNClient | undefined;

/**
 * Starts the sync state machine now. Overlap is the state machine's concern:
 * a second run skips itself. The input is checked against the machine's own
 * input schema first, so what BeginSyncRun would refuse (e.g. a user name
 * with characters the trigger pattern does not allow) is an
 * InputValidationError here, not a started execution that fails.
 */
export async function startRecoveryInstanceSync(stateMachineArn: string, trigger: string): Promise<{ executionArn: string; startDate: string }> {
  const input = assertValid<RecoveryInstanceSyncInput>(recoveryInstanceSyncInputSchema, { trigger }, 'recovery-instance-sync input');
  sfn ??= new SFNClient({ maxAttempts: 3 });
  const client = sfn;
  const out = await callAws('Step Functions StartExecution', () =>
    client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) })),
  );
  return { executionArn: out.executionArn!, startDate: (out.startDate ?? processClock.now()).toISOString() };
}
