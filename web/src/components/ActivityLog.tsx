import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useCallback, useEffect, useState } from 'react';
import type { SelectedRecoveryInstanceTermination } from '../../../contracts/api/recovery-instances';
import type { TerminationResult } from '../api/types';
import { formatDateTime } from '../lib/format';

/*
 * The activity log: what this browser's operator did and how each call
 * turned out, kept in localStorage per user so it outlives the flash message
 * and a reload. It is the operator's own record, not an audit trail: the API
 * logs every termination with the caller's name for that.
 */

export interface ActivityGroup {
  readonly accountId: string;
  readonly region: string;
  readonly recoveryInstanceIds: readonly string[];
  readonly jobId?: string;
  /** `errorName: message` when DRS refused this group. */
  readonly error?: string;
}

export interface ActivityEntry {
  readonly id: string;
  /** ISO time the console got the answer. */
  readonly at: string;
  readonly action: 'terminateInstances' | 'terminateExecution';
  readonly summary: string;
  readonly outcome: 'succeeded' | 'partial' | 'failed';
  readonly executionId?: string;
  readonly groups: readonly ActivityGroup[];
  readonly notFound?: readonly string[];
  /** The call failed as a whole (an API error): its words. */
  readonly error?: string;
}

/** The most entries kept per user; older ones drop off. */
export const ACTIVITY_LIMIT = 100;

const storageKey = (username: string) => `drs-orch.activity.${username}`;

export function loadActivity(username: string, storage: Storage = localStorage): ActivityEntry[] {
  try {
    const parsed = JSON.parse(storage.getItem(storageKey(username)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as ActivityEntry[]) : [];
  } catch {
    return [];
  }
}

/** Adds an entry, newest first; a full or unavailable storage loses the entry, never the page. */
export function recordActivity(username: string, entry: ActivityEntry, storage: Storage = localStorage): ActivityEntry[] {
  const entries = [entry, ...loadActivity(username, storage)].slice(0, ACTIVITY_LIMIT);
  try {
    storage.setItem(storageKey(username), JSON.stringify(entries));
  } catch {
    // Quota exceeded or storage disabled: the entry still shows until the page is left.
  }
  return entries;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const count = (groups: readonly { recoveryInstanceIds: readonly string[] }[]) => groups.reduce((n, g) => n + g.recoveryInstanceIds.length, 0);

/** The log entry for a termination's answer: per-group outcome and DRS job ids. */
export function terminationActivity(
  action: ActivityEntry['action'],
  result: TerminationResult | SelectedRecoveryInstanceTermination,
  at: Date,
): ActivityEntry {
  const terminated = count(result.terminated);
  const failed = count(result.failed);
  const notFound = 'notFound' in result ? result.notFound : [];
  const executionId = 'executionId' in result ? result.executionId : undefined;
  const parts = [`Terminated ${plural(terminated, 'instance')}`, ...(failed ? [`${failed} failed`] : []), ...(notFound.length ? [`${notFound.length} not in the cache`] : [])];
  return {
    id: `${at.getTime()}-${Math.random().toString(36).slice(2, 8)}`,
    at: at.toISOString(),
    action,
    summary: `${parts.join(', ')}${executionId ? ` (execution ${executionId})` : ''}`,
    outcome: failed === 0 && notFound.length === 0 ? 'succeeded' : terminated > 0 ? 'partial' : 'failed',
    ...(executionId ? { executionId } : {}),
    groups: [
      ...result.terminated.map((g) => ({ accountId: g.accountId, region: g.region, recoveryInstanceIds: g.recoveryInstanceIds, ...(g.jobId ? { jobId: g.jobId } : {}) })),
      ...result.failed.map((g) => ({ accountId: g.accountId, region: g.region, recoveryInstanceIds: g.recoveryInstanceIds, error: `${g.errorName}: ${g.message}` })),
    ],
    ...(notFound.length ? { notFound } : {}),
  };
}

/** The log entry for a termination call that failed as a whole. */
export function failedActivity(action: ActivityEntry['action'], asked: number, error: { title: string; message: string }, at: Date, executionId?: string): ActivityEntry {
  return {
    id: `${at.getTime()}-${Math.random().toString(36).slice(2, 8)}`,
    at: at.toISOString(),
    action,
    summary: `Terminating ${plural(asked, 'instance')}${executionId ? ` of execution ${executionId}` : ''} failed: ${error.title}`,
    outcome: 'failed',
    ...(executionId ? { executionId } : {}),
    groups: [],
    error: error.message,
  };
}

/** The DRS console's jobs list for a region (the console has no per-job address to link to). */
export function drsJobsConsoleUrl(region: string): string {
  return `https://${region}.console.aws.amazon.com/drs/home?region=${region}#/jobs`;
}

/** The user's log, loaded from storage, and a function to add to it. */
export function useActivityLog(username: string): { entries: ActivityEntry[]; record: (entry: ActivityEntry) => void; clear: () => void } {
  const [entries, setEntries] = useState<ActivityEntry[]>(() => loadActivity(username));
  useEffect(() => setEntries(loadActivity(username)), [username]);
  const record = useCallback((entry: ActivityEntry) => setEntries(recordActivity(username, entry)), [username]);
  const clear = useCallback(() => {
    try {
      localStorage.removeItem(storageKey(username));
    } catch {
      // Nothing stored to clear.
    }
    setEntries([]);
  }, [username]);
  return { entries, record, clear };
}

const OUTCOME = {
  succeeded: <StatusIndicator type="success">Succeeded</StatusIndicator>,
  partial: <StatusIndicator type="warning">Partly failed</StatusIndicator>,
  failed: <StatusIndicator type="error">Failed</StatusIndicator>,
} as const;

/**
 * Each group's outcome. DRS job ids link to the DRS console of the region in
 * AWS; the simulated estate has no console, so locally they show as text.
 */
function GroupOutcomes({ entry, linkJobs }: { entry: ActivityEntry; linkJobs: boolean }) {
  return (
    <SpaceBetween size="xxs">
      {entry.groups.map((g, i) => (
        <Box key={i} variant="small">
          {g.accountId} / {g.region}: {plural(g.recoveryInstanceIds.length, 'instance')}{' '}
          {g.error ? (
            <StatusIndicator type="error">{g.error}</StatusIndicator>
          ) : g.jobId && linkJobs ? (
            <Link href={drsJobsConsoleUrl(g.region)} external externalIconAriaLabel="(opens the DRS console)" ariaLabel={`DRS job ${g.jobId} in ${g.region}`}>
              {g.jobId}
            </Link>
          ) : (
            <Box variant="code" display="inline">
              {g.jobId ?? 'no job id'}
            </Box>
          )}
        </Box>
      ))}
      {entry.notFound?.length ? <Box variant="small">Not in the cache, not sent: {entry.notFound.join(', ')}</Box> : null}
      {entry.error ? <Box variant="small">{entry.error}</Box> : null}
    </SpaceBetween>
  );
}

export function ActivityLog({ entries, linkJobs, onClear }: { entries: readonly ActivityEntry[]; linkJobs: boolean; onClear: () => void }) {
  return (
    <Table<ActivityEntry>
      header={
        <Header
          variant="h2"
          counter={`(${entries.length})`}
          description="Your terminations from this browser, with each account-region's outcome and DRS job. Kept here across reloads; the API logs them too."
          actions={
            <Button onClick={onClear} disabled={entries.length === 0}>
              Clear
            </Button>
          }
        >
          Activity
        </Header>
      }
      ariaLabels={{ tableLabel: 'Activity log' }}
      items={[...entries]}
      trackBy="id"
      wrapLines
      columnDefinitions={[
        { id: 'at', header: 'Time', cell: (e) => formatDateTime(e.at), isRowHeader: true },
        { id: 'action', header: 'Action', cell: (e) => (e.action === 'terminateExecution' ? 'Terminate execution' : 'Terminate selected') },
        { id: 'outcome', header: 'Outcome', cell: (e) => OUTCOME[e.outcome] },
        { id: 'summary', header: 'Summary', cell: (e) => e.summary },
        { id: 'groups', header: 'Per account and region', cell: (e) => <GroupOutcomes entry={e} linkJobs={linkJobs} /> },
      ]}
      empty={<Box textAlign="center" color="inherit">No activity yet.</Box>}
    />
  );
}
