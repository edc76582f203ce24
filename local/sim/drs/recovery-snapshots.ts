/**
 * Recovery snapshots (point-in-time, PIT) and DRS DescribeRecoverySnapshots.
 *
 * DRS takes a snapshot of a server's staging disks while it replicates
 * CONTINUOUSly and keeps them by the replication configuration's PIT policy;
 * the documented default policy (CreateReplicationConfigurationTemplate):
 *   every 10 minutes, kept 1 hour; every hour, kept 24 hours; every day, kept 7 days.
 * Snapshots are computed at read time from the replication timeline: a grid
 * instant of a rule is a snapshot if the server was CONTINUOUS then and the
 * rule still retains it now. The actual `timestamp` follows `expectedTimestamp`
 * by a few seconds; a snapshot not yet taken at "now" is not listed. IDs are
 * derived from the server and instant, so the same snapshot keeps its id.
 */
import type { DescribeRecoverySnapshotsResponse, RecoverySnapshot } from '@aws-sdk/client-drs';
import { paginate } from '../pagination';
import { hashString, Prng } from '../prng';
import type { RequestContext } from '../service';
import type { SourceServerRecord } from '../state/records';
import { invalidToken, pageSize, validationError } from './errors';
import { type ReplicationTimeline, segmentAt } from './replication';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The default PIT policy, as DRS documents it, in milliseconds. */
export const DEFAULT_PIT_POLICY = [
  { ruleID: 1, units: 'MINUTE', interval: 10, retentionDuration: 60, intervalMs: 10 * MINUTE, retentionMs: 60 * MINUTE },
  { ruleID: 2, units: 'HOUR', interval: 1, retentionDuration: 24, intervalMs: HOUR, retentionMs: 24 * HOUR },
  { ruleID: 3, units: 'DAY', interval: 1, retentionDuration: 7, intervalMs: DAY, retentionMs: 7 * DAY },
] as const;

const ALNUM = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface SnapshotRecord {
  snapshotId: string;
  sourceServerId: string;
  expectedAt: number;
  takenAt: number;
  ebsSnapshotIds: string[];
}

function snapshotAt(server: SourceServerRecord, expectedAt: number): SnapshotRecord {
  const rng = new Prng(hashString(`${server.sourceServerId}/pit/${expectedAt}`));
  const takenAt = expectedAt + rng.int(5, 45) * 1000;
  return {
    snapshotId: `pit-${rng.chars(ALNUM, 17)}`,
    sourceServerId: server.sourceServerId,
    expectedAt,
    takenAt,
    ebsSnapshotIds: server.disks.map(() => `snap-${rng.chars(ALNUM, 17)}`),
  };
}

function continuousAt(timeline: ReplicationTimeline, t: number): boolean {
  return timeline.segments[0]!.at <= t && segmentAt(timeline, t).state === 'CONTINUOUS';
}

/** The server's retained snapshots at `now`, oldest first. */
export function recoverySnapshots(server: SourceServerRecord, now: number): SnapshotRecord[] {
  const instants = new Set<number>();
  for (const rule of DEFAULT_PIT_POLICY) {
    const oldest = now - rule.retentionMs;
    for (let t = Math.floor(now / rule.intervalMs) * rule.intervalMs; t >= oldest; t -= rule.intervalMs) instants.add(t);
  }
  return [...instants]
    .sort((a, b) => a - b)
    .filter((t) => continuousAt(server.replication, t))
    .map((t) => snapshotAt(server, t))
    .filter((s) => s.takenAt <= now);
}

/** The newest snapshot at `now`, if any: the point a recovery would use. */
export function latestSnapshot(server: SourceServerRecord, now: number): SnapshotRecord | undefined {
  return recoverySnapshots(server, now).at(-1);
}

export function renderSnapshot(s: SnapshotRecord): RecoverySnapshot {
  return {
    snapshotID: s.snapshotId,
    sourceServerID: s.sourceServerId,
    expectedTimestamp: new Date(s.expectedAt).toISOString(),
    timestamp: new Date(s.takenAt).toISOString(),
    ebsSnapshots: [...s.ebsSnapshotIds],
  };
}

interface DescribeRecoverySnapshotsInput {
  sourceServerID: string;
  filters?: { fromDateTime?: string; toDateTime?: string };
  order?: 'ASC' | 'DESC';
  maxResults?: number;
  nextToken?: string;
}

export function describeRecoverySnapshots(ctx: RequestContext, raw: Record<string, unknown>): DescribeRecoverySnapshotsResponse {
  const input = raw as unknown as DescribeRecoverySnapshotsInput;
  const server = ctx.estate.region(ctx.accountId, ctx.region).sourceServers.get(input.sourceServerID);
  // The operation's model declares no ResourceNotFoundException: an unknown server is a validation error on the field.
  if (!server) throw validationError(`Source server ${input.sourceServerID} not found`, 'sourceServerID');
  const from = input.filters?.fromDateTime ? Date.parse(input.filters.fromDateTime) : -Infinity;
  const to = input.filters?.toDateTime ? Date.parse(input.filters.toDateTime) : Infinity;
  const selected = recoverySnapshots(server, ctx.now).filter((s) => s.takenAt >= from && s.takenAt <= to);
  if (input.order === 'DESC') selected.reverse();
  const { page, nextToken } = paginate(selected, pageSize(input.maxResults), input.nextToken, invalidToken);
  return { items: page.map(renderSnapshot), ...(nextToken ? { nextToken } : {}) };
}
