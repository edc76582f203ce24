/**
 * What counts against DRS's 300 replicating servers per account and region:
 * a source server that replicates in that account. Servers that stopped,
 * disconnected or never started do not replicate; extended servers replicate
 * in their staging account, not in the account that extended them.
 */
import type { SourceServer } from '@aws-sdk/client-drs';

export const NOT_REPLICATING_STATES: ReadonlySet<string> = new Set(['STOPPED', 'DISCONNECTED', 'NOT_STARTED']);

export function isReplicating(server: Pick<SourceServer, 'dataReplicationInfo' | 'stagingArea'>): boolean {
  const state = server.dataReplicationInfo?.dataReplicationState;
  if (!state || NOT_REPLICATING_STATES.has(state)) return false;
  return (server.stagingArea?.status ?? 'NOT_EXTENDED') === 'NOT_EXTENDED';
}

/** The same rule for an inventory record (replicationState and stagingAreaStatus as the inventory keeps them). */
export function recordReplicates(record: { replicationState: string; stagingAreaStatus: string | null }): boolean {
  if (NOT_REPLICATING_STATES.has(record.replicationState)) return false;
  return (record.stagingAreaStatus ?? 'NOT_EXTENDED') === 'NOT_EXTENDED';
}
