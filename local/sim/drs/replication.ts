/**
 * Replication dynamics of a source server on the VIRTUAL clock.
 *
 * A server's replication is a timeline of segments, each a DRS
 * dataReplicationState from a virtual instant on. Nothing is stored per tick:
 * every read computes the state, lag, progress and recovery snapshots at the
 * request's "now" from the timeline, so replication moves identically at any
 * clock speed and a manual test clock steps through it deterministically.
 *
 * Lag is "how far behind the last consistent point is" (seconds):
 *   CONTINUOUS                       0
 *   BACKLOG (catching up)            falls linearly from lagAtStart to 0 at `until`
 *   STALLED, DISCONNECTED, PAUSED,
 *   INITIATING, INITIAL_SYNC, RESCAN,
 *   CREATING_SNAPSHOT                grows: lagAtStart + time in the segment
 *   STOPPED                          none reported (replication is off)
 *
 * Scripting (the /_sim/replication control endpoint, the `replicationEvents`
 * scenario option) appends segments from an instant on, replacing whatever
 * the timeline held from that instant: stall, disconnect, pause, stop,
 * recover (BACKLOG catch-up → CONTINUOUS), rescan (RESCAN → CONTINUOUS),
 * initiate (INITIATING → INITIAL_SYNC → CREATING_SNAPSHOT → CONTINUOUS).
 */
import type { DataReplicationErrorString, DataReplicationInitiationStepName, DataReplicationState } from '@aws-sdk/client-drs';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const MiB = 2 ** 20;

/** Initial sync and rescan throughput; catch-up speed relative to real time. */
export const REPLICATION_RATES = { initialSyncBytesPerSecond: 50 * MiB, rescanBytesPerSecond: 200 * MiB, catchUpSpeedup: 10 } as const;
/** One initiation step lasts a minute; the first snapshot after initial sync two. */
export const INITIATION_STEP_MS = MINUTE;
export const CREATING_SNAPSHOT_MS = 2 * MINUTE;

export const INITIATION_STEPS: DataReplicationInitiationStepName[] = [
  'WAIT',
  'CREATE_SECURITY_GROUP',
  'LAUNCH_REPLICATION_SERVER',
  'BOOT_REPLICATION_SERVER',
  'AUTHENTICATE_WITH_SERVICE',
  'DOWNLOAD_REPLICATION_SOFTWARE',
  'CREATE_STAGING_DISKS',
  'ATTACH_STAGING_DISKS',
  'PAIR_REPLICATION_SERVER_WITH_AGENT',
  'CONNECT_AGENT_TO_REPLICATION_SERVER',
  'START_DATA_TRANSFER',
];

export interface ReplicationSegment {
  /** Virtual epoch ms the state begins. */
  at: number;
  state: DataReplicationState;
  /** Lag (s) when the segment begins. */
  lagAtStart: number;
  /** When a progressing state (INITIATING, INITIAL_SYNC, RESCAN, BACKLOG, CREATING_SNAPSHOT) completes. */
  until?: number;
  error?: { error: DataReplicationErrorString; rawError: string };
}

export interface ReplicationTimeline {
  segments: ReplicationSegment[];
}

export const REPLICATION_ACTIONS = ['stall', 'disconnect', 'pause', 'stop', 'recover', 'rescan', 'initiate'] as const;
export type ReplicationAction = (typeof REPLICATION_ACTIONS)[number];

export const DEFAULT_STALL_ERROR: NonNullable<ReplicationSegment['error']> = {
  error: 'UNSTABLE_NETWORK',
  rawError: 'Replication stalled: the replication server has not received data from the agent (simulated)',
};

/** The segment in force at `t`; before the first segment, the first one. */
export function segmentAt(timeline: ReplicationTimeline, t: number): ReplicationSegment {
  const { segments } = timeline;
  let found = segments[0]!;
  for (const s of segments) {
    if (s.at <= t) found = s;
    else break;
  }
  return found;
}

const GROWING: ReadonlySet<DataReplicationState> = new Set(['STALLED', 'DISCONNECTED', 'PAUSED', 'INITIATING', 'INITIAL_SYNC', 'RESCAN', 'CREATING_SNAPSHOT']);

export function lagAt(timeline: ReplicationTimeline, t: number): number {
  const s = segmentAt(timeline, t);
  const elapsed = Math.max(0, (t - s.at) / SECOND);
  if (s.state === 'CONTINUOUS' || s.state === 'STOPPED') return 0;
  if (s.state === 'BACKLOG') {
    const span = (s.until ?? s.at) - s.at;
    return span <= 0 ? 0 : s.lagAtStart * Math.max(0, 1 - (t - s.at) / span);
  }
  return GROWING.has(s.state) ? s.lagAtStart + elapsed : 0;
}

/** Fraction (0..1) of a progressing segment done at `t`. */
export function progressAt(segment: ReplicationSegment, t: number): number {
  if (segment.until === undefined || segment.until <= segment.at) return 1;
  return Math.min(1, Math.max(0, (t - segment.at) / (segment.until - segment.at)));
}

/** Replaces the timeline from `at` on with `segments`. */
function replaceFrom(timeline: ReplicationTimeline, at: number, segments: ReplicationSegment[]): void {
  timeline.segments = [...timeline.segments.filter((s) => s.at < at), ...segments];
}

export interface ActionOptions {
  totalBytes: number;
  error?: ReplicationSegment['error'];
}

/** Scripts `action` at virtual instant `at`, replacing the timeline from then on. */
export function applyReplicationAction(timeline: ReplicationTimeline, action: ReplicationAction, at: number, options: ActionOptions): void {
  const lag = Math.round(lagAt(timeline, at));
  switch (action) {
    case 'stall':
      return replaceFrom(timeline, at, [{ at, state: 'STALLED', lagAtStart: lag, error: options.error ?? DEFAULT_STALL_ERROR }]);
    case 'disconnect':
      return replaceFrom(timeline, at, [{ at, state: 'DISCONNECTED', lagAtStart: lag }]);
    case 'pause':
      return replaceFrom(timeline, at, [{ at, state: 'PAUSED', lagAtStart: lag }]);
    case 'stop':
      return replaceFrom(timeline, at, [{ at, state: 'STOPPED', lagAtStart: 0 }]);
    case 'recover': {
      // The backlog drains faster than it built up; at least a minute.
      const until = at + Math.max(MINUTE, Math.round((lag * SECOND) / REPLICATION_RATES.catchUpSpeedup));
      return replaceFrom(timeline, at, [
        { at, state: 'BACKLOG', lagAtStart: lag, until },
        { at: until, state: 'CONTINUOUS', lagAtStart: 0 },
      ]);
    }
    case 'rescan': {
      const until = at + Math.max(MINUTE, Math.round((options.totalBytes / REPLICATION_RATES.rescanBytesPerSecond) * SECOND));
      return replaceFrom(timeline, at, [
        { at, state: 'RESCAN', lagAtStart: lag, until },
        { at: until, state: 'CONTINUOUS', lagAtStart: 0 },
      ]);
    }
    case 'initiate':
      return replaceFrom(timeline, at, initialReplication(at, options.totalBytes));
  }
}

/** A fresh server's replication: INITIATING (11 steps) → INITIAL_SYNC → CREATING_SNAPSHOT → CONTINUOUS. */
export function initialReplication(at: number, totalBytes: number): ReplicationSegment[] {
  const syncStart = at + INITIATION_STEPS.length * INITIATION_STEP_MS;
  const syncEnd = syncStart + Math.max(MINUTE, Math.round((totalBytes / REPLICATION_RATES.initialSyncBytesPerSecond) * SECOND));
  const continuousAt = syncEnd + CREATING_SNAPSHOT_MS;
  return [
    { at, state: 'INITIATING', lagAtStart: 0, until: syncStart },
    { at: syncStart, state: 'INITIAL_SYNC', lagAtStart: (syncStart - at) / SECOND, until: syncEnd },
    { at: syncEnd, state: 'CREATING_SNAPSHOT', lagAtStart: (syncEnd - at) / SECOND, until: continuousAt },
    { at: continuousAt, state: 'CONTINUOUS', lagAtStart: 0 },
  ];
}

/** The steps of the initiation attempt that started at `segment.at`, as seen at `t`. */
export function initiationStepsAt(segment: ReplicationSegment, t: number): Array<{ name: DataReplicationInitiationStepName; status: 'SUCCEEDED' | 'IN_PROGRESS' | 'NOT_STARTED' }> {
  const done = Math.floor(Math.max(0, t - segment.at) / INITIATION_STEP_MS);
  return INITIATION_STEPS.map((name, i) => ({ name, status: i < done ? 'SUCCEEDED' : i === done ? 'IN_PROGRESS' : 'NOT_STARTED' }));
}

/** When the most recent initiation attempt at or before `t` started, if the timeline has one. */
export function lastInitiationBefore(timeline: ReplicationTimeline, t: number): ReplicationSegment | undefined {
  let found: ReplicationSegment | undefined;
  for (const s of timeline.segments) if (s.at <= t && s.state === 'INITIATING') found = s;
  return found;
}
