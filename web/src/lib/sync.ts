import type { SyncRun, SyncStatus } from '../api/types';

/**
 * Follows the sync run that "Sync now" started, from status answers.
 * A run that finds another one running skips itself and writes no record,
 * so when the started run never appears the console follows the run that
 * is going, and after a few polls with nothing running it stops waiting.
 */
export interface FollowState {
  readonly arn: string;
  readonly polls: number;
}

export type FollowOutcome =
  | { readonly kind: 'running'; readonly run?: SyncRun; readonly following: string }
  | { readonly kind: 'done'; readonly run?: SyncRun; readonly skipped: boolean };

export const POLLS_BEFORE_GIVING_UP = 4;

export function followSyncRun(status: SyncStatus, state: FollowState): FollowOutcome {
  const own = status.recentRuns.find((r) => r.executionArn === state.arn) ?? (status.lastRun?.executionArn === state.arn ? status.lastRun : undefined);
  if (own) return own.status === 'RUNNING' ? { kind: 'running', run: own, following: own.executionArn } : { kind: 'done', run: own, skipped: false };
  if (status.running && status.lastRun) return { kind: 'running', run: status.lastRun, following: status.lastRun.executionArn };
  if (state.polls + 1 >= POLLS_BEFORE_GIVING_UP) return { kind: 'done', run: status.lastCompletedRun ?? undefined, skipped: true };
  return { kind: 'running', following: state.arn };
}
