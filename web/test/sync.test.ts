import { describe, expect, it } from 'vitest';
import type { SyncRun, SyncStatus } from '../src/api/types';
import { followSyncRun, POLLS_BEFORE_GIVING_UP } from '../src/lib/sync';

const run = (arn: string, status: SyncRun['status']): SyncRun => ({ executionArn: arn, status, startedAt: '2026-01-01T00:00:00Z' });
const statusOf = (runs: SyncRun[]): SyncStatus => ({ lastRun: runs[0] ?? null, lastCompletedRun: runs.find((r) => r.status !== 'RUNNING') ?? null, running: runs[0]?.status === 'RUNNING', recentRuns: runs });

describe('followSyncRun', () => {
  it('waits while the started run runs, and is done when it ends', () => {
    expect(followSyncRun(statusOf([run('a', 'RUNNING')]), { arn: 'a', polls: 0 }).kind).toBe('running');
    expect(followSyncRun(statusOf([run('a', 'SUCCEEDED')]), { arn: 'a', polls: 1 })).toMatchObject({ kind: 'done', skipped: false, run: { executionArn: 'a' } });
  });
  it('follows the run that is going when the started one skipped itself', () => {
    expect(followSyncRun(statusOf([run('other', 'RUNNING')]), { arn: 'a', polls: 0 })).toMatchObject({ kind: 'running', following: 'other' });
  });
  it('stops waiting after a few polls with no trace and nothing running', () => {
    const idle = statusOf([run('old', 'SUCCEEDED')]);
    expect(followSyncRun(idle, { arn: 'a', polls: 0 }).kind).toBe('running');
    expect(followSyncRun(idle, { arn: 'a', polls: POLLS_BEFORE_GIVING_UP - 1 })).toMatchObject({ kind: 'done', skipped: true });
  });
});
