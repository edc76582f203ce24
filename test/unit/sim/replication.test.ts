import fc from 'fast-check';
import { recoverySnapshots } from '../../../local/sim/drs/recovery-snapshots';
import { renderDataReplicationInfo } from '../../../local/sim/drs/render';
import { applyReplicationAction, initialReplication, lagAt, REPLICATION_ACTIONS, type ReplicationTimeline, segmentAt } from '../../../local/sim/drs/replication';
import { loadModel } from '../../../local/sim/models';
import { validateShape } from '../../../local/sim/conformance';
import { buildScenario } from '../../../local/sim/scenarios';
import type { SourceServerRecord } from '../../../local/sim/state/records';

const GiB = 2 ** 30;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2025, 0, 15, 12);
const model = loadModel('drs');

function serverWith(replication: ReplicationTimeline, diskGiB = [50, 200]): SourceServerRecord {
  return {
    sourceServerId: 's-0123456789abcdef0',
    region: 'us-east-1',
    disks: diskGiB.map((g, i) => ({ deviceName: `/dev/xvd${'ab'[i]}`, bytes: g * GiB })),
    replication,
  } as unknown as SourceServerRecord;
}

const continuousSince = (at: number): ReplicationTimeline => ({ segments: [{ at, state: 'CONTINUOUS', lagAtStart: 0 }] });

describe('replication timeline on virtual time', () => {
  it('a stall makes lag grow one second per second; recover drains it to 0 and returns to CONTINUOUS', () => {
    const t = continuousSince(T0 - 7 * 24 * HOUR);
    applyReplicationAction(t, 'stall', T0, { totalBytes: 50 * GiB });
    expect(lagAt(t, T0 + HOUR)).toBe(3600);
    expect(lagAt(t, T0 + 3 * HOUR)).toBe(3 * 3600);
    applyReplicationAction(t, 'recover', T0 + 3 * HOUR, { totalBytes: 50 * GiB });
    expect(segmentAt(t, T0 + 3 * HOUR + MINUTE).state).toBe('BACKLOG');
    expect(lagAt(t, T0 + 3 * HOUR + MINUTE)).toBeLessThan(3 * 3600);
    // Ten times faster than it built up: 3 h of lag drains in 18 min.
    expect(segmentAt(t, T0 + 3 * HOUR + 18 * MINUTE).state).toBe('CONTINUOUS');
    expect(lagAt(t, T0 + 3 * HOUR + 18 * MINUTE)).toBe(0);
  });

  it('a scripted action replaces what the timeline held from its instant on', () => {
    const t = continuousSince(T0);
    applyReplicationAction(t, 'disconnect', T0 + HOUR, { totalBytes: GiB });
    applyReplicationAction(t, 'recover', T0 + 2 * HOUR, { totalBytes: GiB });
    applyReplicationAction(t, 'stall', T0 + 30 * MINUTE, { totalBytes: GiB });
    expect(t.segments.map((s) => s.state)).toEqual(['CONTINUOUS', 'STALLED']);
    expect(segmentAt(t, T0 + 5 * HOUR).state).toBe('STALLED');
  });

  it('initial replication: INITIATING for 11 one-minute steps, INITIAL_SYNC at 50 MiB/s, two minutes CREATING_SNAPSHOT, then CONTINUOUS', () => {
    const segments = initialReplication(T0, 100 * GiB);
    expect(segments.map((s) => [s.state, (s.at - T0) / 1000])).toEqual([
      ['INITIATING', 0],
      ['INITIAL_SYNC', 660],
      ['CREATING_SNAPSHOT', 660 + 2048],
      ['CONTINUOUS', 660 + 2048 + 120],
    ]);
  });

  it('property: lag is never negative, is 0 when CONTINUOUS, and every rendered dataReplicationInfo conforms to the model', () => {
    const action = fc.constantFrom(...REPLICATION_ACTIONS);
    fc.assert(
      fc.property(fc.array(fc.tuple(action, fc.integer({ min: 0, max: 48 * 60 })), { maxLength: 8 }), fc.array(fc.integer({ min: 0, max: 72 * 60 }), { minLength: 1, maxLength: 10 }), (script, probes) => {
        const timeline = continuousSince(T0 - 24 * HOUR);
        for (const [a, minutes] of [...script].sort((x, y) => x[1] - y[1])) applyReplicationAction(timeline, a, T0 + minutes * MINUTE, { totalBytes: 250 * GiB });
        const server = serverWith(timeline);
        for (const minutes of probes) {
          const now = T0 + minutes * MINUTE;
          const lag = lagAt(timeline, now);
          expect(lag).toBeGreaterThanOrEqual(0);
          if (segmentAt(timeline, now).state === 'CONTINUOUS') expect(lag).toBe(0);
          expect(validateShape(model, 'DataReplicationInfo', renderDataReplicationInfo(server, now), 'dataReplicationInfo')).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('recovery snapshots by the default PIT policy', () => {
  it('a server continuous for a week has 6 ten-minute, 23 more hourly and 6 more daily snapshots at 12:07 UTC', () => {
    const server = serverWith(continuousSince(T0 - 30 * 24 * HOUR));
    const now = T0 + 7 * MINUTE;
    const snaps = recoverySnapshots(server, now);
    const age = (s: { expectedAt: number }) => now - s.expectedAt;
    expect(snaps.filter((s) => age(s) <= HOUR)).toHaveLength(6);
    expect(snaps.filter((s) => age(s) > HOUR && age(s) <= 24 * HOUR)).toHaveLength(23);
    expect(snaps.filter((s) => age(s) > 24 * HOUR)).toHaveLength(6);
    expect(new Set(snaps.map((s) => s.snapshotId)).size).toBe(snaps.length);
  });

  it('property: every snapshot was taken while the server was CONTINUOUS, on its rule’s grid, and before now', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 24 * 60 }), fc.integer({ min: 0, max: 10 * 24 * 60 }), fc.integer({ min: 0, max: 10 * 24 * 60 }), (stallMin, recoverAfterMin, probeMin) => {
        const timeline = continuousSince(T0);
        applyReplicationAction(timeline, 'stall', T0 + stallMin * MINUTE, { totalBytes: GiB });
        applyReplicationAction(timeline, 'recover', T0 + (stallMin + recoverAfterMin) * MINUTE, { totalBytes: GiB });
        const now = T0 + probeMin * MINUTE;
        for (const s of recoverySnapshots(serverWith(timeline), now)) {
          expect(segmentAt(timeline, s.expectedAt).state).toBe('CONTINUOUS');
          expect(s.expectedAt % (10 * MINUTE)).toBe(0);
          expect(s.takenAt).toBeLessThanOrEqual(now);
          expect(now - s.expectedAt).toBeLessThanOrEqual(7 * 24 * HOUR);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the demo’s replication', () => {
  const timelines = (seed: number) =>
    buildScenario('demo', seed, {}, T0).estate.allRegions().flatMap((r) => [...r.sourceServers.values()].map((s) => [s.hostname, s.replication.segments] as const));

  it('is the same for a seed, and every server’s dataReplicationInfo conforms to the model now and a day later', () => {
    expect(timelines(7)).toEqual(timelines(7));
    const { estate } = buildScenario('demo', 7, {}, T0);
    for (const region of estate.allRegions()) {
      for (const server of region.sourceServers.values()) {
        for (const now of [T0, T0 + 24 * HOUR]) expect(validateShape(model, 'DataReplicationInfo', renderDataReplicationInfo(server, now), server.hostname)).toEqual([]);
      }
    }
  });
});
