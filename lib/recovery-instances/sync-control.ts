import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { SyncRunRecord } from '../../contracts/records/sync-run';
import { callAws } from '../aws/classify-error';

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

/** Starts the sync state machine now. Overlap is the state machine's concern: a second run skips itself. */
export async function startRecoveryInstanceSync(stateMachineArn: string, trigger: string): Promise<{ executionArn: string; startDate: string }> {
  sfn ??= new SFNClient({ maxAttempts: 3 });
  const client = sfn;
  const out = await callAws('Step Functions StartExecution', () =>
    client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ trigger }) })),
  );
  return { executionArn: out.executionArn!, startDate: (out.startDate ?? new Date()).toISOString() };
}
