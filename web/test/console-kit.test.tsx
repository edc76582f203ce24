import { act, render, screen, waitFor } from '@testing-library/react';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { focusManager, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/client';
import { App, NAV_ITEMS } from '../src/App';
import { DataTable, loadPreferences, type DataColumn } from '../src/components/DataTable';
import { formatDateTime } from '../src/lib/format';
import { backoffDelay, newPollMemory, nextPollDelay } from '../src/lib/polling';
import { isRetryable, retryDelayMs } from '../src/lib/query-client';
import { statusLabel } from '../src/lib/status';
import { useApiQuery } from '../src/lib/hooks';
import { DashboardPage } from '../src/pages/Dashboard';
import { RecoveryPlansPage } from '../src/pages/RecoveryPlans';
import { breadcrumbsOf, documentTitleOf, matchRoute, navHrefOf, PAGES } from '../src/routes';
import { fakeFetch, renderWithApp, testQueryClient } from './helpers';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const failing = (status: number) => () => new Response(JSON.stringify({ message: 'Internal error', requestId: 'req-1' }), { status });
const PLANS = { items: [{ planId: 'p1', name: 'Core', waves: [], protectionGroupIds: ['g1'], serverCount: 3 }] };
const NO_SYNC = { lastRun: null, lastCompletedRun: null, running: false, recentRuns: [] };
const CHECK = { planId: 'p1', planName: 'Core', serverCount: 3, existingInstances: [], hasExistingInstances: false, lastSyncTime: null, cacheMisses: 3, cacheUnavailable: false };

describe('one page table', () => {
  it('builds the side navigation in table order, sections grouped, a divider before Settings', () => {
    expect(NAV_ITEMS).toEqual([
      { type: 'link', text: 'Dashboard', href: '/' },
      { type: 'link', text: 'Protection groups', href: '/protection-groups' },
      { type: 'link', text: 'Recovery plans', href: '/recovery-plans' },
      { type: 'link', text: 'Recovery instances', href: '/recovery-instances' },
      { type: 'link', text: 'Executions', href: '/executions' },
      { type: 'link', text: 'Failover sessions', href: '/failover-sessions' },
      { type: 'link', text: 'Launch targets', href: '/launch-targets' },
      {
        type: 'section',
        text: 'Estate',
        items: [
          { type: 'link', text: 'Regions', href: '/estate/regions' },
          { type: 'link', text: 'Inventory', href: '/estate/inventory' },
          { type: 'link', text: 'Staging accounts', href: '/estate/staging-accounts' },
          { type: 'link', text: 'Tag sync', href: '/estate/tag-sync' },
        ],
      },
      { type: 'link', text: 'Sync status', href: '/sync-status' },
      { type: 'divider' },
      { type: 'section', text: 'Settings', items: [{ type: 'link', text: 'Target accounts', href: '/settings/target-accounts' }] },
    ]);
  });

  it('gives each page its breadcrumbs, its document title and its navigation item, parents included', () => {
    const execution = matchRoute('/executions/sfn/arn%3Aaws%3Astates');
    expect(execution.route.id).toBe('sfnExecution');
    expect(execution.params).toEqual({ arn: 'arn:aws:states' });
    expect(breadcrumbsOf(execution, '/executions/sfn/x')).toEqual([
      { text: 'DRS Orchestrator', href: '/' },
      { text: 'Sync status', href: '/sync-status' },
      { text: 'Step Functions execution', href: '/executions/sfn/x' },
    ]);
    expect(navHrefOf(execution.route)).toBe('/sync-status');
    expect(documentTitleOf(matchRoute('/recovery-plans').route)).toBe('Recovery plans | DRS Orchestrator');
    expect(breadcrumbsOf(matchRoute('/'), '/')).toEqual([{ text: 'DRS Orchestrator', href: '/' }]);
    expect(matchRoute('/nowhere').route.id).toBe('notFound');
    expect(new Set(PAGES.map((p) => p.id)).size).toBe(PAGES.length);
  });

  it('routes each entry\'s own address to it (no entry hides another)', () => {
    for (const page of PAGES) if (page.path !== '*') expect(matchRoute(page.path.replace(/:[a-z]+/gi, 'x')).route.id).toBe(page.id);
  });

  it('the app shows the breadcrumbs and sets the document title of the page at the address', async () => {
    const fake = fakeFetch({ 'GET /api/recovery-plans': PLANS, 'GET /api/recovery-plans/p1/check-existing-instances': CHECK, 'GET /api/drs/recovery-instance-sync/status': NO_SYNC });
    vi.stubGlobal('fetch', fake.fetch);
    window.history.replaceState(null, '', '/recovery-plans');
    const { BrowserRouter } = await import('react-router-dom');
    render(
      <BrowserRouter>
        <App config={{ mode: 'local', apiUrl: '/api' }} initialSession={{ token: 't', username: 'u', role: 'ReadOnly' }} queryClient={testQueryClient()} />
      </BrowserRouter>,
    );
    await screen.findByRole('navigation', { name: 'Breadcrumbs' });
    expect(createWrapper().findBreadcrumbGroup()!.findBreadcrumbLinks().map((link) => link.getElement().textContent)).toEqual(['DRS Orchestrator', 'Recovery plans']);
    await waitFor(() => expect(document.title).toBe('Recovery plans | DRS Orchestrator'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Recovery plans' })).toBeTruthy();
    window.history.replaceState(null, '', '/');
  });
});

describe('an error is never shown as empty data', () => {
  it('Recovery plans: a failed list says so, once, and not "No recovery plans"', async () => {
    const fake = fakeFetch({ 'GET /api/recovery-plans': failing(500), 'GET /api/drs/recovery-instance-sync/status': NO_SYNC });
    renderWithApp(<RecoveryPlansPage />, { role: 'ReadOnly', fetch: fake.fetch, path: '/recovery-plans' });
    await screen.findByText('The recovery plans could not be loaded.');
    expect(screen.getAllByText('The API failed (500)')).toHaveLength(1);
    expect(screen.queryByText(/No recovery plans/)).toBeNull();
  });

  it('Recovery plans: the list and the linked plan failing together make one alert', async () => {
    const fake = fakeFetch({ 'GET /api/recovery-plans': failing(503), 'GET /api/recovery-plans/p1/check-existing-instances': failing(503), 'GET /api/drs/recovery-instance-sync/status': failing(503) });
    renderWithApp(<RecoveryPlansPage />, { role: 'ReadOnly', fetch: fake.fetch, path: '/recovery-plans?plan=p1' });
    await screen.findByText('The recovery instances could not be loaded.');
    expect(createWrapper().findAllAlerts().filter((a) => a.getElement().textContent?.includes('AWS is busy'))).toHaveLength(1);
    expect(screen.queryByText(/No existing recovery instances/)).toBeNull();
  });

  it('Dashboard: with the API unreachable, one alert, figures "Unavailable", and not "No sync has run yet"', async () => {
    const unreachable = () => Promise.reject(new TypeError('Failed to fetch'));
    renderWithApp(<DashboardPage />, { role: 'ReadOnly', fetch: unreachable as typeof fetch, path: '/' });
    await screen.findByText('Cannot reach the API');
    await waitFor(() => expect(screen.getAllByText('Unavailable').length).toBe(9));
    expect(createWrapper().findAllAlerts()).toHaveLength(1);
    expect(screen.queryByText('No sync has run yet')).toBeNull();
    expect(screen.queryByText('Loading…')).toBeNull();
  });

  it('a page recovers by itself when the API comes back: the alert goes and the data shows', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let down = true;
    const fake = fakeFetch({ 'GET /api/recovery-plans': () => (down ? failing(500)() : Response.json(PLANS)), 'GET /api/recovery-plans/p1/check-existing-instances': CHECK, 'GET /api/drs/recovery-instance-sync/status': NO_SYNC });
    renderWithApp(<RecoveryPlansPage />, { role: 'ReadOnly', fetch: fake.fetch, path: '/recovery-plans' });
    await screen.findByText('The API failed (500)');
    down = false;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5_000);
    });
    await screen.findByRole('radio', { name: 'Select plan Core' });
    expect(screen.queryByText('The API failed (500)')).toBeNull();
  });
});

describe('polling with backoff', () => {
  const poll = { initialDelayMs: 1_000, maxDelayMs: 8_000 };
  const success = <T,>(data: T, at: number) => ({ status: 'success' as const, data, dataUpdatedAt: at, errorUpdatedAt: 0 });
  const failure = (at: number, data?: unknown, dataAt = 0) => ({ status: 'error' as const, data, dataUpdatedAt: dataAt, errorUpdatedAt: at });

  it('waits the first delay after an answer, doubles while nothing changes, up to the maximum, and starts over on a change', () => {
    const memory = newPollMemory<unknown>(poll);
    const same = { n: 1 };
    expect(nextPollDelay(success(same, 1), memory, poll)).toBe(1_000);
    expect(nextPollDelay(success(same, 2), memory, poll)).toBe(2_000);
    expect(nextPollDelay(success(same, 3), memory, poll)).toBe(4_000);
    expect(nextPollDelay(success(same, 4), memory, poll)).toBe(8_000);
    expect(nextPollDelay(success(same, 5), memory, poll)).toBe(8_000);
    // Asked again without a new answer (the query fetching): the same delay.
    expect(nextPollDelay(success(same, 5), memory, poll)).toBe(8_000);
    expect(nextPollDelay(success({ n: 2 }, 6), memory, poll)).toBe(1_000);
  });

  it('backs off while failing, and starts over when the API answers again', () => {
    const memory = newPollMemory<unknown>(poll);
    const data = { n: 1 };
    nextPollDelay(success(data, 1), memory, poll);
    expect(nextPollDelay(failure(2, data, 1), memory, poll)).toBe(1_000);
    expect(nextPollDelay(failure(3, data, 1), memory, poll)).toBe(2_000);
    expect(nextPollDelay(failure(4, data, 1), memory, poll)).toBe(4_000);
    expect(nextPollDelay(success(data, 5), memory, poll)).toBe(1_000);
  });

  it("a `changed` judge decides what counts as a change", () => {
    const memory = newPollMemory<{ at: string; noise: number }>(poll);
    const changed = (a: { at: string } | undefined, b: { at: string }) => a?.at !== b.at;
    nextPollDelay(success({ at: 'x', noise: 1 }, 1), memory, poll, changed);
    expect(nextPollDelay(success({ at: 'x', noise: 2 }, 2), memory, poll, changed)).toBe(2_000);
    expect(nextPollDelay(success({ at: 'y', noise: 2 }, 3), memory, poll, changed)).toBe(1_000);
  });

  it('factor and cap', () => {
    expect(backoffDelay(3, { initialDelayMs: 1_000, maxDelayMs: 10_000, factor: 1.5 })).toBe(3_375);
    expect(backoffDelay(30, poll)).toBe(8_000);
  });
});

function Polled({ load }: { load: () => Promise<number> }) {
  const query = useApiQuery({ queryKey: ['polled'], queryFn: load }, { poll: { initialDelayMs: 1_000, maxDelayMs: 8_000 } });
  return <p>{query.data ?? 'none'}</p>;
}

describe('polling in the page', () => {
  afterEach(() => focusManager.setFocused(undefined));

  it('polls while the tab is shown, pauses while it is hidden, and asks at once when it shows again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let n = 0;
    const load = vi.fn(async () => ++n);
    render(
      <QueryClientProvider client={testQueryClient()}>
        <Polled load={load} />
      </QueryClientProvider>,
    );
    await screen.findByText('1');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_000);
    });
    await screen.findByText('2');
    act(() => focusManager.setFocused(false));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    expect(load).toHaveBeenCalledTimes(2);
    act(() => focusManager.setFocused(true));
    await screen.findByText('3');
  });
});

describe('retries', () => {
  it('retries no answer, throttling and server errors, never a refusal', () => {
    for (const status of [0, 429, 500, 503]) expect(isRetryable(new ApiError(status, 'x'))).toBe(true);
    for (const status of [400, 401, 403, 404, 409]) expect(isRetryable(new ApiError(status, 'x'))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });

  it('backs off exponentially with jitter, and honours Retry-After', () => {
    expect(retryDelayMs(0, new ApiError(500, 'x'), () => 1)).toBe(1_000);
    expect(retryDelayMs(2, new ApiError(500, 'x'), () => 0)).toBe(2_000);
    expect(retryDelayMs(9, new ApiError(500, 'x'), () => 1)).toBe(8_000);
    expect(retryDelayMs(0, new ApiError(429, 'x', { retryAfter: '3' }))).toBe(3_000);
  });
});

describe('status labels and times', () => {
  it('says a status in words with the AWS console indicator: a running run is in progress, a running instance is healthy', () => {
    expect(statusLabel('run', 'RUNNING')).toEqual({ label: 'Running', type: 'in-progress' });
    expect(statusLabel('run', 'PARTIAL')).toEqual({ label: 'Partially succeeded', type: 'warning' });
    expect(statusLabel('run', 'FAILED')).toEqual({ label: 'Failed', type: 'error' });
    expect(statusLabel('instance', 'running')).toEqual({ label: 'Running', type: 'success' });
    expect(statusLabel('instance', 'SHUTTING-DOWN')).toEqual({ label: 'Shutting down', type: 'in-progress' });
    expect(statusLabel('check', 'SKIPPED')).toEqual({ label: 'Skipped', type: 'stopped' });
    expect(statusLabel('run', 'LAUNCH_FAILED')).toEqual({ label: 'Launch failed', type: 'info' });
    expect(statusLabel('run', null)).toEqual({ label: 'Unknown', type: 'info' });
  });

  it('shows a time with its time zone', () => {
    const iso = '2026-01-02T15:04:05Z';
    const zone = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(new Date(iso)).find((part) => part.type === 'timeZoneName')!.value;
    expect(formatDateTime(iso)).toContain(zone);
    expect(formatDateTime(null)).toBe('-');
  });
});

interface Row {
  id: string;
  name: string;
  count: number;
}
const ROWS: Row[] = Array.from({ length: 30 }, (_, n) => ({ id: `r${n}`, name: `server-${String(n).padStart(2, '0')}`, count: (n * 7) % 30 }));
const COLUMNS: DataColumn<Row>[] = [
  { id: 'name', header: 'Name', cell: (r) => r.name, sortValue: (r) => r.name, isRowHeader: true },
  { id: 'count', header: 'Count', cell: (r) => r.count, sortValue: (r) => r.count },
  { id: 'id', header: 'Id', cell: (r) => r.id, sortValue: (r) => r.id },
];

function renderTable(props: Partial<Parameters<typeof DataTable<Row>>[0]> = {}) {
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <DataTable<Row> id="test" title="Rows" noun={{ one: 'row', many: 'rows' }} items={ROWS} loading={false} columns={COLUMNS} trackBy="id" defaultSort={{ column: 'name' }} {...props} />
    </QueryClientProvider>,
  );
}
const table = () => createWrapper().findTable()!;
const firstCells = () => table().findRows().map((row) => row.findAll('td, th')[0]!.getElement().textContent);

describe('DataTable', () => {
  beforeEach(() => localStorage.clear());

  it('sorts by a column, both ways, over the whole list', async () => {
    renderTable();
    expect(firstCells()[0]).toBe('server-00');
    await act(async () => table().findColumnSortingArea(2)!.click());
    expect(table().findRows()[0]!.findAll('td, th')[1]!.getElement().textContent).toBe('0');
    await act(async () => table().findColumnSortingArea(2)!.click());
    expect(table().findRows()[0]!.findAll('td, th')[1]!.getElement().textContent).toBe('29');
  });

  it('filters the whole list, not the page shown, and counts the matches', async () => {
    renderTable();
    expect(table().findRows()).toHaveLength(20);
    await act(async () => table().findTextFilter()!.findInput().setInputValue('server-27'));
    expect(firstCells()).toEqual(['server-27']);
    expect(screen.getByRole('heading', { name: /Rows\s*\(1\/30\)/ })).toBeTruthy();
  });

  it('keeps its preferences (page size, columns, wrap lines) in the browser', async () => {
    renderTable();
    const preferences = table().findCollectionPreferences()!;
    await act(async () => preferences.findTriggerButton().click());
    const modal = preferences.findModal()!;
    await act(async () => modal.findPageSizePreference()!.findOptions()[0]!.findNativeInput().click());
    await act(async () => modal.findWrapLinesPreference()!.findNativeInput().click());
    await act(async () => modal.findConfirmButton()!.click());
    expect(table().findRows()).toHaveLength(10);
    expect(loadPreferences('test', COLUMNS as DataColumn<unknown>[], 20)).toMatchObject({ pageSize: 10, wrapLines: true });
  });

  it('drops stored columns that no longer exist and shows new ones', () => {
    localStorage.setItem('drs-orch.table.test', JSON.stringify({ pageSize: 50, wrapLines: false, contentDisplay: [{ id: 'gone', visible: true }, { id: 'count', visible: false }] }));
    expect(loadPreferences('test', COLUMNS as DataColumn<unknown>[], 20).contentDisplay).toEqual([
      { id: 'count', visible: false },
      { id: 'name', visible: true },
      { id: 'id', visible: true },
    ]);
  });

  it('says the list could not be loaded, not that it is empty, when its load failed', () => {
    renderTable({ items: undefined, error: new ApiError(500, 'x') });
    expect(screen.getByText('The rows could not be loaded.')).toBeTruthy();
    expect(screen.queryByText('No rows')).toBeNull();
  });
});

describe('Sync now', () => {
  it('starts a sync, follows it until it ends, then says how it went', async () => {
    const arn = 'arn:aws:states:us-east-1:111111111111:execution:Sync:manual-1';
    const run = (status: 'RUNNING' | 'SUCCEEDED') => ({ executionArn: arn, status, startedAt: '2026-01-01T00:00:00Z', ...(status === 'SUCCEEDED' ? { endedAt: '2026-01-01T00:00:05Z', durationMs: 5_000, instancesProcessed: 4, regionsScanned: 2 } : {}) });
    let polls = 0;
    const fake = fakeFetch({
      'GET /api/recovery-plans': PLANS,
      'GET /api/recovery-plans/p1/check-existing-instances': CHECK,
      'POST /api/drs/recovery-instance-sync': { executionArn: arn, startDate: '2026-01-01T00:00:00Z' },
      'GET /api/drs/recovery-instance-sync/status': () => {
        polls += 1;
        const current = run(polls < 3 ? 'RUNNING' : 'SUCCEEDED');
        return Response.json({ lastRun: current, lastCompletedRun: current.status === 'RUNNING' ? null : current, running: current.status === 'RUNNING', recentRuns: [current] });
      },
    });
    renderWithApp(<RecoveryPlansPage />, { role: 'Operator', fetch: fake.fetch, path: '/recovery-plans' });
    await act(async () => (await screen.findByRole('button', { name: 'Sync now' })).click());
    await screen.findByText('Sync running', {}, { timeout: 5_000 });
    await screen.findByText(/Succeeded: 4 instances processed in 2 regions/, {}, { timeout: 10_000 });
    expect(fake.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });
});
