import { displayState, READY_LAG_SECONDS, recoveryPointAgeSeconds, replicationHealth } from '../../../lib/inventory/health';

describe('replication health', () => {
  it('READY only when continuously replicating within the lag limit; LAGGING behind it; STALLED when stuck or disconnected; NOT_READY otherwise', () => {
    expect(replicationHealth({ replicationState: 'CONTINUOUS', lagSeconds: READY_LAG_SECONDS })).toBe('READY');
    expect(replicationHealth({ replicationState: 'CREATING_SNAPSHOT', lagSeconds: null })).toBe('READY');
    expect(replicationHealth({ replicationState: 'CONTINUOUS', lagSeconds: READY_LAG_SECONDS + 1 })).toBe('LAGGING');
    expect(replicationHealth({ replicationState: 'BACKLOG', lagSeconds: 10 })).toBe('LAGGING');
    expect(replicationHealth({ replicationState: 'RESCAN', lagSeconds: 0 })).toBe('LAGGING');
    expect(replicationHealth({ replicationState: 'STALLED', lagSeconds: 0 })).toBe('STALLED');
    expect(replicationHealth({ replicationState: 'DISCONNECTED', lagSeconds: 99_999 })).toBe('STALLED');
    for (const state of ['INITIATING', 'INITIAL_SYNC', 'PAUSED', 'STOPPED', 'UNKNOWN'] as const) expect(replicationHealth({ replicationState: state, lagSeconds: 0 })).toBe('NOT_READY');
  });

  it("maps states to the original platform's display states, and ages recovery points", () => {
    expect(['INITIAL_SYNC', 'BACKLOG', 'CREATING_SNAPSHOT', 'RESCAN', 'CONTINUOUS', 'STALLED', 'PAUSED'].map((s) => displayState(s as never))).toEqual([
      'SYNCING', 'SYNCING', 'SYNCING', 'SYNCING', 'READY_FOR_RECOVERY', 'STALLED', 'PAUSED',
    ]);
    const now = new Date('2026-12-01T10:00:00.000Z');
    expect(recoveryPointAgeSeconds('2026-12-01T09:50:00.000Z', now)).toBe(600);
    expect(recoveryPointAgeSeconds(null, now)).toBeNull();
  });
});
