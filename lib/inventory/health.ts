/**
 * Replication health, our own derived status (DESIGN: "ready / ready with lag"
 * is built from dataReplicationState and the lag), and the original
 * platform's display state.
 */
import type { ReplicationState, SourceServerInventoryRecord } from '../../contracts/records/source-server-inventory';

/** A server continuously replicating with at most this lag is ready to recover now. */
export const READY_LAG_SECONDS = 5 * 60;

export const REPLICATION_HEALTH = ['READY', 'LAGGING', 'STALLED', 'NOT_READY'] as const;
export type ReplicationHealth = (typeof REPLICATION_HEALTH)[number];

/**
 * READY: CONTINUOUS (or taking a snapshot) with lag ≤ 5 minutes: recovering now
 * loses at most that. LAGGING: replicating but behind (BACKLOG, RESCAN, or a
 * lag above 5 minutes). STALLED: replication stuck or the agent gone
 * (STALLED, DISCONNECTED); lag grows. NOT_READY: not yet (or no longer)
 * replicating: INITIATING, INITIAL_SYNC, PAUSED, STOPPED, unknown.
 */
export function replicationHealth(r: Pick<SourceServerInventoryRecord, 'replicationState' | 'lagSeconds'>): ReplicationHealth {
  switch (r.replicationState) {
    case 'CONTINUOUS':
    case 'CREATING_SNAPSHOT':
      return (r.lagSeconds ?? 0) <= READY_LAG_SECONDS ? 'READY' : 'LAGGING';
    case 'BACKLOG':
    case 'RESCAN':
      return 'LAGGING';
    case 'STALLED':
    case 'DISCONNECTED':
      return 'STALLED';
    default:
      return 'NOT_READY';
  }
}

/** The original platform's display state (shared/drs_utils map_replication_state_to_display). */
export function displayState(state: ReplicationState): string {
  switch (state) {
    case 'INITIAL_SYNC':
    case 'BACKLOG':
    case 'CREATING_SNAPSHOT':
    case 'RESCAN':
      return 'SYNCING';
    case 'CONTINUOUS':
      return 'READY_FOR_RECOVERY';
    default:
      return state;
  }
}

/** Seconds since the newest recovery point, at `now`; null when none is known. */
export function recoveryPointAgeSeconds(lastSnapshotTime: string | null, now: Date): number | null {
  if (!lastSnapshotTime) return null;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(lastSnapshotTime)) / 1000));
}
