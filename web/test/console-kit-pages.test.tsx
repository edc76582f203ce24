import { act, screen, waitFor, within } from '@testing-library/react';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncRun, SyncStatus, TargetAccount } from '../src/api/types';
import { formatDateTime } from '../src/lib/format';
import { RecoveryInstancesPage } from '../src/pages/RecoveryInstances';
import { SfnExecutionPage } from '../src/pages/SfnExecution';
import { SyncStatusPage } from '../src/pages/SyncStatus';
import { TargetAccountsPage } from '../src/pages/TargetAccounts';
import { Route, Routes } from 'react-router-dom';
import { fakeFetch, instance, renderWithApp } from './helpers';

/**
 * The console kit's conventions (docs/console.md "Tables, statuses and
 * times", "Failures") on Sync status, Target accounts, the execution view and
 * Recovery instances.
 */

afterEach(() => {
  vi.useRealTimers();
  localStorage.clear();
});

const failing = (status: number) => () => new Response(JSON.stringify({ message: 'Internal error', requestId: 'req-1' }), { status });
const unreachable = () => Promise.reject(new TypeError('Failed to fetch'));

const ARN = (name: string) => `arn:aws:states:eu-west-1:111111111111:execution:recovery-instance-sync:${name}`;
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const RUNNING: SyncRun = { executionArn: ARN('manual-0935'), status: 'RUNNING', startedAt: minutesAgo(1) };
const SUCCEEDED: SyncRun = { executionArn: ARN('sched-0930'), status: 'SUCCEEDED', startedAt: minutesAgo(5), endedAt: minutesAgo(4), durationMs: 42_300, instancesProcessed: 120, regionsScanned: 4, recordsRemoved: 3, errors: [], targets: [] };
const PARTIAL: SyncRun = {
  executionArn: ARN('sched-0925'),
  status: 'PARTIAL',
  startedAt: minutesAgo(10),
  endedAt: minutesAgo(9),
  durationMs: 95_000,
  instancesProcessed: 80,
  regionsScanned: 4,
  recordsRemoved: 0,
  errors: [{ accountId: '222222222222', region: 'us-west-2', errorName: 'AccessDeniedError', message: 'not authorized' }],
  targets: [],
};
const statusOf = (runs: SyncRun[]): SyncStatus => ({ lastRun: runs[0] ?? null, lastCompletedRun: runs.find((r) => r.status !== 'RUNNING') ?? null, running: runs[0]?.status === 'RUNNING', recentRuns: runs });

/** The cell texts of a table's body rows, the selection cell left out. */
function rowsOf(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('td, th')].filter((cell) => !cell.querySelector('input')).map((cell) => (cell.textContent ?? '').trim()));
}
/** The Cloudscape StatusIndicator type (its `status-<type>` class) of the first indicator whose text is `text`. */
function indicatorTypeOf(text: string): string | undefined {
  const indicator = createWrapper()
    .findAllStatusIndicators()
    .find((s) => s.getElement().textContent?.trim() === text);
  return indicator ? /status-(success|error|warning|info|stopped|pending|in-progress|loading)_/.exec(indicator.getElement().outerHTML)?.[1] : undefined;
}

describe('Sync status, with the console kit', () => {
  const open = (fetch: typeof globalThis.fetch) => renderWithApp(<SyncStatusPage />, { role: 'ReadOnly', fetch, path: '/sync-status' });

  it('says a running run "Running", in progress (not a success), and a partial one "Partially succeeded", a warning', async () => {
    open(fakeFetch({ 'GET /api/drs/recovery-instance-sync/status': statusOf([RUNNING, SUCCEEDED, PARTIAL]) }).fetch);
    await screen.findByRole('link', { name: 'Execution sched-0925' });
    expect(rowsOf(screen.getByRole('table', { name: /Recent runs/ })).map((row) => row[0])).toEqual(['Running', 'Succeeded', 'Partially succeeded']);
    expect(indicatorTypeOf('Partially succeeded')).toBe('warning');
    expect(indicatorTypeOf('Running')).toBe('in-progress');
  });

  it('shows start times with their time zone, the UTC instant on hover', async () => {
    open(fakeFetch({ 'GET /api/drs/recovery-instance-sync/status': statusOf([SUCCEEDED]) }).fetch);
    await screen.findByRole('link', { name: 'Execution sched-0930' });
    const time = within(screen.getByRole('table', { name: /Recent runs/ })).getByText(formatDateTime(SUCCEEDED.startedAt));
    expect(time.tagName).toBe('TIME');
    expect(time.getAttribute('title')).toBe(new Date(SUCCEEDED.startedAt).toISOString());
    expect(time.textContent).toMatch(/UTC|GMT/);
  });

  it('sorts by a column, finds runs by text, and offers preferences', async () => {
    open(fakeFetch({ 'GET /api/drs/recovery-instance-sync/status': statusOf([SUCCEEDED, PARTIAL]) }).fetch);
    await screen.findByRole('link', { name: 'Execution sched-0925' });
    const table = createWrapper().findTable()!;
    const names = () => rowsOf(screen.getByRole('table', { name: /Recent runs/ })).map((row) => row[7]);
    expect(names()).toEqual(['sched-0930', 'sched-0925']);
    // Column 4 (after the selection column and Status, Started): Duration, shortest first.
    const duration = table.findColumnHeaders().findIndex((h) => h.getElement().textContent === 'Duration') + 1;
    await act(async () => table.findColumnSortingArea(duration)!.click());
    expect(names()).toEqual(['sched-0930', 'sched-0925']);
    await act(async () => table.findColumnSortingArea(duration)!.click());
    expect(names()).toEqual(['sched-0925', 'sched-0930']);
    await act(async () => table.findTextFilter()!.findInput().setInputValue('partially'));
    expect(names()).toEqual(['sched-0925']);
    expect(screen.getByRole('heading', { name: /Recent runs\s*\(1\/2\)/ })).toBeTruthy();
    expect(table.findCollectionPreferences()).toBeTruthy();
  });

  it('with the API down: one alert, the table and the summary say so, never "No sync has run yet" or "Idle"', async () => {
    open(unreachable as typeof fetch);
    await screen.findByText('The sync runs could not be loaded.');
    expect(createWrapper().findAllAlerts()).toHaveLength(1);
    expect(screen.getByText('Unavailable')).toBeTruthy();
    expect(screen.queryByText('No sync has run yet.')).toBeNull();
    expect(screen.queryByText('Idle')).toBeNull();
  });

  it('recovers by itself when the API comes back', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let down = true;
    open(fakeFetch({ 'GET /api/drs/recovery-instance-sync/status': () => (down ? failing(500)() : Response.json(statusOf([SUCCEEDED]))) }).fetch);
    await screen.findByText('The API failed (500)');
    down = false;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(6_000);
    });
    await screen.findByRole('link', { name: 'Execution sched-0930' });
    expect(screen.queryByText('The API failed (500)')).toBeNull();
  });
});

describe('Target accounts, with the console kit', () => {
  const HUB: TargetAccount = { accountId: '111111111111', name: 'Hub', roleArn: null, externalIdMasked: null, regions: ['us-east-1'], createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', lastValidation: null };
  const PROD: TargetAccount = {
    ...HUB,
    accountId: '222222222222',
    name: 'Production',
    roleArn: 'arn:aws:iam::222222222222:role/DrsOrchestratorTarget',
    externalIdMasked: '****9f3a',
    regions: ['us-west-2'],
    lastValidation: { status: 'FAILED', checkedAt: '2026-01-03T04:05:06Z', message: 'AccessDenied' },
  };
  const current = { accountId: '111111111111', accountName: 'Hub', isCurrentAccount: true, region: 'us-east-1', stepFunctionsEndpoint: null };
  const open = (fetch: typeof globalThis.fetch) => renderWithApp(<TargetAccountsPage />, { role: 'Admin', fetch, path: '/settings/target-accounts' });
  const ids = () => rowsOf(screen.getByRole('table', { name: /Accounts/ })).map((row) => row[0]);

  it('says the last validation in words with its zoned time, sorts by name, and finds accounts by text', async () => {
    open(fakeFetch({ 'GET /api/accounts/targets': { items: [PROD, HUB] }, 'GET /api/accounts/current': current }).fetch);
    await screen.findByText('Production');
    // Sorted by account ID at first, whatever order the API answered in.
    expect(ids()).toEqual(['111111111111', '222222222222']);
    expect(indicatorTypeOf('Failed')).toBe('error');
    expect(within(screen.getByRole('table', { name: /Accounts/ })).getByText(formatDateTime('2026-01-03T04:05:06Z')).tagName).toBe('TIME');
    const table = createWrapper().findTable()!;
    const name = table.findColumnHeaders().findIndex((h) => h.getElement().textContent === 'Name') + 1;
    await act(async () => table.findColumnSortingArea(name)!.click());
    await act(async () => table.findColumnSortingArea(name)!.click());
    expect(ids()).toEqual(['222222222222', '111111111111']);
    await act(async () => table.findTextFilter()!.findInput().setInputValue('never validated'));
    expect(ids()).toEqual(['111111111111']);
    expect(table.findCollectionPreferences()).toBeTruthy();
  });

  it('with the API failing: one alert and "could not be loaded", never "No target accounts"; back by itself', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let down = true;
    open(fakeFetch({ 'GET /api/accounts/targets': () => (down ? failing(500)() : Response.json({ items: [HUB] })), 'GET /api/accounts/current': current }).fetch);
    await screen.findByText('The target accounts could not be loaded.', {}, { timeout: 5_000 });
    expect(createWrapper().findAllAlerts()).toHaveLength(1);
    expect(screen.queryByText(/No target accounts/)).toBeNull();
    down = false;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(6_000);
    });
    await waitFor(() => expect(ids()).toEqual(['111111111111']));
    expect(createWrapper().findAllAlerts()).toHaveLength(0);
  });
});

describe('Step Functions execution view, with the console kit', () => {
  const open = (fetch: typeof globalThis.fetch, arn: string) =>
    renderWithApp(
      <Routes>
        <Route path="/executions/sfn/:arn" element={<SfnExecutionPage />} />
      </Routes>,
      { role: 'ReadOnly', fetch, path: `/executions/sfn/${encodeURIComponent(arn)}` },
    );

  it('says the status in words and the start with its time zone', async () => {
    open(
      fakeFetch({
        'GET /api/drs/recovery-instance-sync/status': statusOf([SUCCEEDED, PARTIAL]),
        'GET /api/accounts/current': { accountId: '111111111111', accountName: 'Hub', isCurrentAccount: true, region: 'us-east-1', stepFunctionsEndpoint: null },
      }).fetch,
      PARTIAL.executionArn,
    );
    await screen.findAllByText('Partially succeeded');
    expect(indicatorTypeOf('Partially succeeded')).toBe('warning');
    expect(screen.getByText(formatDateTime(PARTIAL.startedAt)).tagName).toBe('TIME');
    expect(screen.queryByText('PARTIAL')).toBeNull();
  });

  it('with the API down: one alert for both reads, the status "Unavailable", not "Loading…"', async () => {
    open(unreachable as typeof fetch, PARTIAL.executionArn);
    await screen.findByText('Cannot reach the API');
    await waitFor(() => expect(screen.getByText(/Unavailable: could not ask the API/)).toBeTruthy());
    expect(createWrapper().findAllAlerts()).toHaveLength(1);
    expect(screen.getAllByText('Unavailable').length).toBeGreaterThan(0);
    expect(screen.queryByText('Loading…')).toBeNull();
  });
});

describe('Recovery instances, with the console kit', () => {
  const INSTANCES = [
    { ...instance('aaaaaaaa01', '111111111111', 'us-east-1'), launchTime: '2026-01-02T00:00:00Z', ec2InstanceState: 'shutting-down' },
    { ...instance('bbbbbbbb02', '111111111111', 'us-east-1'), launchTime: '2026-01-01T00:00:00Z' },
  ];
  const routes = (list: (url: URL) => Response) => ({
    'GET /api/accounts/targets': { items: [] },
    'GET /api/drs/recovery-instances': list,
    'GET /api/drs/recovery-instances/facets': { total: 2, executions: [], accounts: [], regions: [], states: [] },
  });
  const open = (fetch: typeof globalThis.fetch) => renderWithApp(<RecoveryInstancesPage />, { role: 'ReadOnly', fetch, path: '/recovery-instances' });
  const instanceIds = () => rowsOf(screen.getByRole('table', { name: /Instances/ })).map((row) => row[0]);

  it('shows launch times with their zone, and states in words', async () => {
    open(fakeFetch(routes(() => Response.json({ items: INSTANCES, nextToken: null }))).fetch);
    await screen.findByText('server-aaaaaaaa01');
    expect(screen.getByText(formatDateTime('2026-01-02T00:00:00Z')).tagName).toBe('TIME');
    expect(indicatorTypeOf('Shutting down')).toBe('in-progress');
  });

  it('sorts on the server: a column sort asks the API for that order from the first page, and shows what it answers', async () => {
    const fake = fakeFetch(
      routes((url) =>
        Response.json({
          items: url.searchParams.get('sortBy') === 'launchTime' ? [...INSTANCES].reverse() : INSTANCES,
          nextToken: url.searchParams.get('nextToken') ? null : 'more',
        }),
      ),
    );
    open(fake.fetch);
    await screen.findByText('server-aaaaaaaa01');
    const table = createWrapper().findTable()!;
    await act(async () => createWrapper().findPagination()!.findNextPageButton().click());
    await waitFor(() => expect(fake.calls.some((c) => c.url.includes('nextToken=more'))).toBe(true));
    const launch = table.findColumnHeaders().findIndex((h) => h.getElement().textContent === 'Launch time') + 1;
    await act(async () => table.findColumnSortingArea(launch)!.click());
    await waitFor(() => expect(instanceIds()).toEqual(['i-bbbbbbbb02', 'i-aaaaaaaa01']));
    const sorted = fake.calls.filter((c) => c.url.includes('sortBy=')).map((c) => new URL(c.url, 'http://x').searchParams);
    expect(sorted.at(-1)!.get('sortBy')).toBe('launchTime');
    expect(sorted.at(-1)!.get('sortOrder')).toBe('asc');
    expect(sorted.at(-1)!.get('nextToken')).toBeNull(); // a new order starts at its first page
    expect(screen.queryByText(/within this page/)).toBeNull();
  });

  it('the page size preference is the API page: it asks for that many, from the first page', async () => {
    const fake = fakeFetch(routes(() => Response.json({ items: INSTANCES, nextToken: null })));
    open(fake.fetch);
    await screen.findByText('server-aaaaaaaa01');
    expect(fake.calls.filter((c) => c.url.startsWith('/api/drs/recovery-instances?')).map((c) => new URL(c.url, 'http://x').searchParams.get('limit'))).toEqual(['100']);
    const preferences = createWrapper().findTable()!.findCollectionPreferences()!;
    await act(async () => preferences.findTriggerButton().click());
    const modal = preferences.findModal()!;
    await act(async () => modal.findPageSizePreference()!.findOptions()[1]!.findNativeInput().click());
    await act(async () => modal.findConfirmButton()!.click());
    await waitFor(() => expect(fake.calls.filter((c) => c.url.startsWith('/api/drs/recovery-instances?')).map((c) => new URL(c.url, 'http://x').searchParams.get('limit'))).toEqual(['100', '20']));
    expect(JSON.parse(localStorage.getItem('drs-orch.table.recovery-instances')!)).toMatchObject({ pageSize: 20 });
  });

  it('with the list failing: one alert and "could not be loaded", never "No recovery instances match"', async () => {
    open(fakeFetch(routes(failing(500))).fetch);
    await screen.findByText('The recovery instances could not be loaded.', {}, { timeout: 5_000 });
    expect(createWrapper().findAllAlerts()).toHaveLength(1);
    expect(screen.queryByText('No recovery instances match.')).toBeNull();
  });
});
