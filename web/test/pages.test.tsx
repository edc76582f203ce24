import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Suspense } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { useLocation, useNavigate } from 'react-router-dom';
import type { RecoveryInstanceFacets, TargetAccount } from '../src/api/types';
import type { Role } from '../src/lib/roles';
import { filtersFromSearch, filtersOf, RecoveryInstancesPage } from '../src/pages/RecoveryInstances';
import { INSTANCES_PAGE_SIZE, planFreshness, RecoveryPlansPage } from '../src/pages/RecoveryPlans';
import { TargetAccountsPage } from '../src/pages/TargetAccounts';
import { DashboardPage } from '../src/pages/Dashboard';
import { ApiClient } from '../src/api/client';
import { queries } from '../src/lib/queries';
import { permissionFor } from '../src/lib/roles';
import { disabledReasonOf, fakeFetch, instance, permissionsFor, renderWithApp, testQueryClient } from './helpers';

const ACCOUNT: TargetAccount = {
  accountId: '111111111111',
  name: 'Hub',
  roleArn: null,
  externalIdMasked: null,
  regions: ['us-east-1'],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  lastValidation: null,
};
const INSTANCES = [instance('aaaaaaaa01', '111111111111', 'us-east-1', 'exec-1'), instance('bbbbbbbb02', '111111111111', 'us-east-1', 'exec-1'), instance('cccccccc03', '222222222222', 'us-west-2', 'exec-2')];
/** The whole cache's values: exec-3 launched instances that the first page does not show. */
const FACETS: RecoveryInstanceFacets = {
  total: 10,
  executions: [
    { sourceExecutionId: 'exec-3', sourcePlanName: 'Archive', isDrill: true, count: 7, lastLaunchTime: '2026-01-03T00:00:00Z' },
    { sourceExecutionId: 'exec-2', sourcePlanName: 'Edge', isDrill: false, count: 1, lastLaunchTime: '2026-01-02T00:00:00Z' },
    { sourceExecutionId: 'exec-1', sourcePlanName: 'Core', isDrill: null, count: 2, lastLaunchTime: null },
  ],
  accounts: [
    { accountId: '111111111111', count: 9 },
    { accountId: '222222222222', count: 1 },
  ],
  regions: [
    { region: 'us-east-1', count: 9 },
    { region: 'us-west-2', count: 1 },
  ],
  states: [{ state: 'running', count: 10 }],
};

function estate() {
  return fakeFetch({
    'GET /api/accounts/targets': { items: [ACCOUNT] },
    'GET /api/drs/recovery-instances': (url: URL) => {
      const q = Object.fromEntries(url.searchParams);
      const items = INSTANCES.filter(
        (i) =>
          (!q.executionId || i.sourceExecutionId === q.executionId) &&
          (!q.accountId || i.accountId === q.accountId) &&
          (!q.region || i.region === q.region) &&
          (!q.state || i.ec2InstanceState === q.state),
      );
      return Response.json({ items, nextToken: null });
    },
    'GET /api/drs/recovery-instances/facets': FACETS,
    'POST /api/drs/recovery-instances/terminate': (_url: URL, init?: RequestInit) => {
      const ids = (JSON.parse(String(init?.body)) as { recoveryInstanceIds: string[] }).recoveryInstanceIds;
      const chosen = INSTANCES.filter((i) => ids.includes(i.recoveryInstanceId));
      const groups = [...new Set(chosen.map((i) => `${i.accountId}|${i.region}`))].map((key, n) => {
        const [accountId, region] = key.split('|');
        return { accountId, region, recoveryInstanceIds: chosen.filter((i) => i.accountId === accountId && i.region === region).map((i) => i.recoveryInstanceId), jobId: `drsjob-${String(n + 1).padStart(17, '0')}` };
      });
      return Response.json({ requested: chosen.length, terminated: groups, failed: [], notFound: ids.filter((id) => !chosen.some((i) => i.recoveryInstanceId === id)) });
    },
    'GET /api/accounts/current': { accountId: '111111111111', accountName: 'Hub', isCurrentAccount: true, region: 'us-east-1', stepFunctionsEndpoint: null },
    'POST /api/executions/exec-1/terminate-instances': {
      executionId: 'exec-1',
      requested: 2,
      terminated: [{ accountId: '111111111111', region: 'us-east-1', recoveryInstanceIds: ['i-aaaaaaaa01', 'i-bbbbbbbb02'], jobId: 'drsjob-1' }],
      failed: [],
    },
    'GET /api/recovery-plans': { items: [{ planId: 'p1', name: 'Core', waves: [{ name: 'DB', protectionGroupIds: ['g1'], serverCount: 3 }], protectionGroupIds: ['g1'], serverCount: 3 }] },
    'GET /api/recovery-plans/p1/check-existing-instances': {
      planId: 'p1',
      planName: 'Core',
      serverCount: 3,
      existingInstances: INSTANCES.slice(0, 2),
      hasExistingInstances: true,
      lastSyncTime: new Date(Date.now() - 120_000).toISOString(),
      cacheMisses: 1,
      cacheUnavailable: false,
    },
  });
}

describe('actions by role: shown, and disabled with the role they need', () => {
  const reasonOf = (name: string) => disabledReasonOf(screen.getByRole('button', { name }));

  it.each<[Role, string | null]>([
    ['ReadOnly', 'Requires RecoveryManager; your role is ReadOnly.'],
    ['Operator', 'Requires RecoveryManager; your role is Operator.'],
    ['RecoveryManager', null],
    ['Admin', null],
  ])('Recovery instances: %s, Terminate disabled because: %s', async (role, reason) => {
    renderWithApp(<RecoveryInstancesPage />, { role, fetch: estate().fetch });
    await screen.findAllByText('i-cccccccc03');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select i-cccccccc03' }));
    expect(reasonOf('Terminate')).toBe(reason);
    expect(screen.getByRole('button', { name: 'Terminate' }).getAttribute('aria-disabled')).toBe(reason ? 'true' : null);
  });

  it.each<[Role, string | null]>([
    ['ReadOnly', 'Requires Operator; your role is ReadOnly.'],
    ['Operator', null],
    ['Admin', null],
  ])('Recovery plans: %s, Sync now disabled because: %s', async (role, reason) => {
    renderWithApp(<RecoveryPlansPage />, { role, fetch: estate().fetch });
    await screen.findByText('Existing recovery instances');
    expect(reasonOf('Sync now')).toBe(reason);
  });

  it('Target accounts: a RecoveryManager sees each change disabled with the role it needs', async () => {
    renderWithApp(<TargetAccountsPage />, { role: 'RecoveryManager', fetch: estate().fetch });
    await screen.findByText('Hub');
    await userEvent.click(screen.getByRole('radio', { name: 'Select account 111111111111' }));
    for (const name of ['Add target account', 'Edit', 'Remove']) expect([name, reasonOf(name)]).toEqual([name, 'Requires Admin; your role is RecoveryManager.']);
    // Validate follows whatever least role the route table gives it.
    const validate = permissionFor(permissionsFor('RecoveryManager'), 'validateTargetAccount');
    expect(reasonOf('Validate')).toBe(validate.allowed ? null : validate.reason);
  });

  it('a user in no role group sees why nothing is allowed', async () => {
    renderWithApp(<RecoveryInstancesPage />, { role: null, fetch: estate().fetch });
    await screen.findAllByText('i-cccccccc03');
    expect(reasonOf('Terminate')).toBe('You are in no role group; ask an Admin to add you to one.');
  });
});

describe('Recovery plans', () => {
  it("shows the plan's instances, the cache's freshness and its misses", async () => {
    renderWithApp(<RecoveryPlansPage />, { role: 'ReadOnly', fetch: estate().fetch });
    await screen.findByText('Cache synced 2 min ago');
    expect(screen.getByText('1 of 3 servers have no cached recovery instance')).toBeTruthy();
    expect(screen.getAllByText('i-aaaaaaaa01').length).toBeGreaterThan(0);
  });
});

describe('Recovery instances: terminate', () => {
  afterEach(() => localStorage.clear());

  it('terminates exactly the instance ticked, not the rest of its execution, and keeps the outcome in Activity (issue 7 §6)', async () => {
    const fake = estate();
    renderWithApp(<RecoveryInstancesPage />, { role: 'RecoveryManager', fetch: fake.fetch });
    await screen.findAllByText('i-aaaaaaaa01');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select i-aaaaaaaa01' }));
    await userEvent.click(screen.getByRole('button', { name: 'Terminate' }));
    const dialog = await screen.findByRole('dialog');
    const rows = within(within(dialog).getByRole('table', { name: 'Instances to terminate' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent?.match(/i-[a-z]{8}\d\d/)?.[0])).toEqual(['i-aaaaaaaa01']);
    // Launched by an execution whose launch type is not known: typed confirmation.
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Type terminate to confirm' }), 'terminate');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Terminate 1 instance' }));

    // In the flash, and in Activity.
    await waitFor(() => expect(screen.getAllByText('Terminated 1 instance')).toHaveLength(2));
    const posts = fake.calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => [c.url, JSON.parse(c.body!)])).toEqual([['/api/drs/recovery-instances/terminate', { recoveryInstanceIds: ['i-aaaaaaaa01'] }]]);
    const activity = screen.getByRole('table', { name: 'Activity log' });
    expect(within(activity).getByText('111111111111 / us-east-1: 1 instance', { exact: false }).textContent).toContain('drsjob-00000000000000001');
    // The log outlives the page.
    expect(JSON.parse(localStorage.getItem('drs-orch.activity.tester')!)).toEqual([expect.objectContaining({ action: 'terminateInstances', outcome: 'succeeded', summary: 'Terminated 1 instance' })]);
  });

  it('selects across executions and accounts: exactly those instances are sent', async () => {
    const fake = estate();
    renderWithApp(<RecoveryInstancesPage />, { role: 'Admin', fetch: fake.fetch });
    await screen.findAllByText('i-aaaaaaaa01');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select i-aaaaaaaa01' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select i-cccccccc03' }));
    await userEvent.click(screen.getByRole('button', { name: 'Terminate' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Type terminate to confirm' }), 'terminate');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Terminate 2 instances' }));
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    expect(JSON.parse(fake.calls.find((c) => c.method === 'POST')!.body!)).toEqual({ recoveryInstanceIds: ['i-aaaaaaaa01', 'i-cccccccc03'] });
  });

  it('terminates a whole execution only as its own action, after listing all of its instances', async () => {
    const fake = estate();
    renderWithApp(<RecoveryInstancesPage />, { role: 'RecoveryManager', fetch: fake.fetch });
    await screen.findAllByText('i-aaaaaaaa01');
    expect(disabledReasonOf(screen.getByRole('button', { name: 'Terminate execution' }))).toBe('Filter by one execution to terminate all of its instances.');
  });

  it('terminates the filtered execution, every instance listed first', async () => {
    const fake = estate();
    renderWithApp(<RecoveryInstancesPage />, { role: 'RecoveryManager', fetch: fake.fetch, path: '/recovery-instances?executionId=exec-1' });
    await screen.findAllByText('i-aaaaaaaa01');
    await userEvent.click(screen.getByRole('button', { name: 'Terminate execution' }));
    const dialog = await screen.findByRole('dialog', { name: 'Terminate all instances of an execution' });
    const rows = within(within(dialog).getByRole('table', { name: 'Instances to terminate' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent?.match(/i-[a-z]{8}\d\d/)?.[0])).toEqual(['i-aaaaaaaa01', 'i-bbbbbbbb02']);
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Type terminate to confirm' }), 'terminate');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Terminate 2 instances' }));
    await waitFor(() => expect(screen.getAllByText('Terminated 2 instances (execution exec-1)')).toHaveLength(2));
    expect(fake.calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/executions/exec-1/terminate-instances']);
  });

  it('a 403 says which role cannot do what, and the failure stays in Activity', async () => {
    const fake = estate();
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) =>
      init?.method === 'POST' ? new Response(JSON.stringify({ message: 'Forbidden' }), { status: 403 }) : fake.fetch(input, init)) as typeof fetch;
    renderWithApp(<RecoveryInstancesPage />, { role: 'RecoveryManager', fetch: fetchImpl });
    await screen.findAllByText('i-aaaaaaaa01');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Select i-aaaaaaaa01' }));
    await userEvent.click(screen.getByRole('button', { name: 'Terminate' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Type terminate to confirm' }), 'terminate');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Terminate 1 instance' }));
    await waitFor(() => expect(screen.getAllByText('Terminating 1 instance failed: Not allowed')).toHaveLength(2));
    expect(within(screen.getByRole('table', { name: 'Activity log' })).getByText('Your role Recovery manager cannot terminate recovery instances; ask an Admin.')).toBeTruthy();
  });
});

describe('Recovery instances: filter', () => {
  function LocationProbe() {
    return <output data-testid="location">{useLocation().search}</output>;
  }
  const filterInput = () => screen.getByRole('combobox', { name: 'Filter recovery instances' });
  /** Types into the property filter, and picks the suggestion whose text contains `option`. */
  async function pick(typed: string, option: string) {
    await userEvent.click(filterInput());
    await userEvent.type(filterInput(), typed);
    await userEvent.click(await waitFor(() => screen.getAllByRole('option').find((o) => o.textContent?.includes(option)) ?? Promise.reject(new Error(`no option ${option}`))));
  }
  /** The filter's tokens as they read, e.g. "Execution = Core (exec-1)". */
  const tokenLabels = () => createWrapper(document.body).findPropertyFilter()!.findTokens().map((t) => t.findLabel().getElement().textContent);
  const listCalls = (calls: { url: string }[]) =>
    calls.filter((c) => c.url.startsWith('/api/drs/recovery-instances') && !c.url.includes('/facets')).map((c) => new URL(c.url, 'http://localhost').searchParams);

  it('offers every execution of the whole cache, from the facets, labelled with its plan and instance count', async () => {
    const fake = estate();
    renderWithApp(<RecoveryInstancesPage />, { role: 'ReadOnly', fetch: fake.fetch, path: '/recovery-instances' });
    await screen.findAllByText('i-cccccccc03');
    await userEvent.click(filterInput());
    await userEvent.type(filterInput(), 'Execution = ');
    const labels = await waitFor(() => {
      const texts = screen.getAllByRole('option').map((o) => o.textContent ?? '');
      expect(texts.some((t) => t.includes('Archive'))).toBe(true);
      return texts;
    });
    // exec-3 is on no loaded page: only the facets know it.
    expect(labels.filter((t) => t.startsWith('Execution = '))).toEqual([
      expect.stringContaining('Archive · 7 instances'),
      expect.stringContaining('Edge · 1 instance'),
      expect.stringContaining('Core · 2 instances'),
    ]);
    expect(labels.find((t) => t.includes('Archive'))).toContain('exec-3');
    expect(fake.calls.filter((c) => c.url === '/api/drs/recovery-instances/facets')).toHaveLength(1);
  });

  it('sends the tokens as the API query and writes them to the URL, keeping one value per property', async () => {
    const fake = estate();
    renderWithApp(
      <>
        <RecoveryInstancesPage />
        <LocationProbe />
      </>,
      { role: 'ReadOnly', fetch: fake.fetch, path: '/recovery-instances' },
    );
    await screen.findAllByText('i-cccccccc03');

    await pick('Execution = ', 'Archive');
    await waitFor(() => expect(Object.fromEntries(listCalls(fake.calls).at(-1)!)).toEqual({ executionId: 'exec-3', limit: '100' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('?executionId=exec-3'));
    expect(tokenLabels()).toEqual(['Execution = Archive (exec-3)']);

    await pick('Account = Hub', '111111111111'); // an account is found by its target-account name too
    await waitFor(() => expect(Object.fromEntries(listCalls(fake.calls).at(-1)!)).toEqual({ executionId: 'exec-3', accountId: '111111111111', limit: '100' }));

    // A second Execution token replaces the first: the API filters by one value.
    await pick('Execution = ', 'Core');
    await waitFor(() => expect(Object.fromEntries(listCalls(fake.calls).at(-1)!)).toEqual({ accountId: '111111111111', executionId: 'exec-1', limit: '100' }));
    expect(listCalls(fake.calls).at(-1)!.getAll('executionId')).toEqual(['exec-1']);
    await waitFor(() => expect(tokenLabels()).toEqual(['Account = 111111111111', 'Execution = Core (exec-1)']));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('?accountId=111111111111&executionId=exec-1'));
    await screen.findAllByText('i-aaaaaaaa01');
    expect(screen.queryByText('i-cccccccc03')).toBeNull();
  });

  it('opens a shared link filtered, and Clear filters lists everything again', async () => {
    const fake = estate();
    renderWithApp(
      <>
        <RecoveryInstancesPage />
        <LocationProbe />
      </>,
      { role: 'ReadOnly', fetch: fake.fetch, path: '/recovery-instances?executionId=exec-2&state=running&utm=x' },
    );
    await screen.findAllByText('i-cccccccc03');
    expect(Object.fromEntries(listCalls(fake.calls)[0]!)).toEqual({ executionId: 'exec-2', state: 'running', limit: '100' });
    expect(screen.queryByText('i-aaaaaaaa01')).toBeNull();
    await waitFor(() => expect(tokenLabels()).toEqual(['Execution = Edge (exec-2)', 'State = running']));

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await screen.findAllByText('i-aaaaaaaa01');
    expect(Object.fromEntries(listCalls(fake.calls).at(-1)!)).toEqual({ limit: '100' });
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(''));
  });

  it('follows a navigation it did not make, such as the side navigation link to the page', async () => {
    function SideNavigation() {
      const navigate = useNavigate();
      return <button onClick={() => navigate('/recovery-instances')}>All recovery instances</button>;
    }
    const fake = estate();
    renderWithApp(
      <>
        <SideNavigation />
        <RecoveryInstancesPage />
      </>,
      { role: 'ReadOnly', fetch: fake.fetch, path: '/recovery-instances?region=us-west-2' },
    );
    await screen.findAllByText('i-cccccccc03');
    expect(tokenLabels()).toEqual(['Region = us-west-2']);
    await userEvent.click(screen.getByRole('button', { name: 'All recovery instances' }));
    await screen.findAllByText('i-aaaaaaaa01');
    expect(tokenLabels()).toEqual([]);
    expect(Object.fromEntries(listCalls(fake.calls).at(-1)!)).toEqual({ limit: '100' });
  });

  it('says in the filter when the values cannot be loaded, and Retry loads them', async () => {
    const fake = estate();
    let failures = 1;
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input).endsWith('/facets') && failures-- > 0 ? new Response(JSON.stringify({ message: 'boom' }), { status: 500 }) : fake.fetch(input, init)) as typeof fetch;
    renderWithApp(<RecoveryInstancesPage />, { role: 'ReadOnly', fetch: fetchImpl, path: '/recovery-instances' });
    await screen.findAllByText('i-cccccccc03');
    await userEvent.click(filterInput());
    await userEvent.type(filterInput(), 'Execution = ');
    await screen.findByText('Could not load the values in the cache; you can still type a value.');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getAllByRole('option').some((o) => o.textContent?.includes('Archive · 7 instances'))).toBe(true));
  });

  it('maps tokens to one value per property, the last one winning, and ignores anything the API cannot filter on', () => {
    expect(
      filtersOf([
        { propertyKey: 'accountId', operator: '=', value: '111111111111' },
        { propertyKey: 'state', operator: '=', value: ' stopped ' },
        { propertyKey: 'accountId', operator: '=', value: '222222222222' },
        { propertyKey: 'region', operator: '!=', value: 'us-east-1' },
        { propertyKey: 'name', operator: '=', value: 'x' },
        { operator: ':', value: 'free text' },
        { propertyKey: 'executionId', operator: '=', value: '' },
      ]),
    ).toEqual({ state: 'stopped', accountId: '222222222222' });
    expect(Object.keys(filtersOf([{ propertyKey: 'region', operator: '=', value: 'a' }, { propertyKey: 'state', operator: '=', value: 'b' }, { propertyKey: 'region', operator: '=', value: 'c' }]))).toEqual(['state', 'region']);
    expect(filtersFromSearch(new URLSearchParams('executionId=e1&nextToken=x&state=&region=us-east-1&executionId=e2'))).toEqual({ region: 'us-east-1', executionId: 'e2' });
  });
});

describe('Recovery plans: freshness, deep link, pagination', () => {
  const checkKey = (planId: string) => queries.checkExisting(new ApiClient({ baseUrl: '/api', getToken: () => null }), planId).queryKey;
  const plans = {
    items: [
      { planId: 'p1', name: 'Core', waves: [], protectionGroupIds: ['g1'], serverCount: 3 },
      { planId: 'p2', name: 'Edge', waves: [], protectionGroupIds: ['g2'], serverCount: 60 },
    ],
  };
  const check = (planId: string, planName: string, instances: ReturnType<typeof instance>[], serverCount: number) => ({
    planId,
    planName,
    serverCount,
    existingInstances: instances,
    hasExistingInstances: instances.length > 0,
    lastSyncTime: instances.length > 0 ? instances.map((i) => i.lastSyncTime).sort()[0] : null,
    cacheMisses: serverCount - instances.length,
    cacheUnavailable: false,
  });
  const run = (minutesAgo: number, status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' = 'SUCCEEDED') => ({
    executionArn: `arn:aws:states:us-east-1:111111111111:execution:Sync:${minutesAgo}`,
    status,
    startedAt: new Date(Date.now() - minutesAgo * 60_000 - 5_000).toISOString(),
    endedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  });
  const syncStatus = (...runs: ReturnType<typeof run>[]) => ({ lastRun: runs[0] ?? null, lastCompletedRun: runs[0] ?? null, running: false, recentRuns: runs });

  it('a plan with no cached instance shows the last completed sync, not "never synced"', async () => {
    const fake = fakeFetch({
      'GET /api/recovery-plans': plans,
      'GET /api/recovery-plans/p1/check-existing-instances': check('p1', 'Core', [], 3),
      'GET /api/drs/recovery-instance-sync/status': syncStatus(run(3)),
    });
    renderWithApp(<RecoveryPlansPage />, { role: 'ReadOnly', fetch: fake.fetch, path: '/recovery-plans' });
    await screen.findByText('Cache synced 3 min ago');
    expect(screen.queryByText('Cache never synced')).toBeNull();
  });

  it('skips a failed sync: it refreshed nothing', async () => {
    const fake = fakeFetch({
      'GET /api/recovery-plans': plans,
      'GET /api/recovery-plans/p1/check-existing-instances': check('p1', 'Core', [], 3),
      'GET /api/drs/recovery-instance-sync/status': syncStatus(run(1, 'FAILED'), run(20)),
    });
    renderWithApp(<RecoveryPlansPage />, { role: 'ReadOnly', fetch: fake.fetch, path: '/recovery-plans' });
    await screen.findByText('Cache synced 20 min ago');
  });

  it('skips a stopped or timed-out sync: it may have refreshed nothing', async () => {
    const fake = fakeFetch({
      'GET /api/recovery-plans': plans,
      'GET /api/recovery-plans/p1/check-existing-instances': check('p1', 'Core', [], 3),
      'GET /api/drs/recovery-instance-sync/status': syncStatus(run(1, 'ABORTED'), run(2, 'TIMED_OUT'), run(30)),
    });
    renderWithApp(<RecoveryPlansPage />, { role: 'ReadOnly', fetch: fake.fetch, path: '/recovery-plans' });
    await screen.findByText('Cache synced 30 min ago');
  });

  it('with instances, shows the older of their sync time and the last sync', () => {
    const older = '2026-01-01T00:00:00Z';
    const newer = '2026-01-01T00:10:00Z';
    expect(planFreshness(older, newer, 2)).toBe(older);
    expect(planFreshness(newer, older, 2)).toBe(older);
    expect(planFreshness(newer, null, 2)).toBe(newer);
    expect(planFreshness(null, newer, 0)).toBe(newer);
    expect(planFreshness(null, null, 0)).toBeNull();
  });

  it('a deep link selects its plan and pages its instances 50 at a time, with the total in the header', async () => {
    const many = Array.from({ length: 60 }, (_, n) => instance(`dd${String(n).padStart(8, '0')}`, '111111111111', 'us-east-1'));
    const fake = fakeFetch({
      'GET /api/recovery-plans': plans,
      'GET /api/recovery-plans/p2/check-existing-instances': check('p2', 'Edge', many, 60),
      'GET /api/drs/recovery-instance-sync/status': syncStatus(run(3)),
    });
    renderWithApp(<RecoveryPlansPage />, { role: 'ReadOnly', fetch: fake.fetch, path: '/recovery-plans?plan=p2' });
    const table = await screen.findByRole('table', { name: 'Existing recovery instances of Edge' });
    await waitFor(() => expect(within(table).getAllByRole('row').length).toBe(1 + INSTANCES_PAGE_SIZE));
    expect(screen.getByRole('heading', { name: /Existing recovery instances\s*\(60\)/ })).toBeTruthy();
    expect(fake.calls.some((c) => c.url === '/api/recovery-plans/p1/check-existing-instances')).toBe(false);
    await waitFor(() => expect((screen.getByRole('radio', { name: 'Select plan Edge' }) as HTMLInputElement).checked).toBe(true));
    await userEvent.click(screen.getByRole('button', { name: 'Page 2 of recovery instances' }));
    await waitFor(() => expect(within(table).getAllByRole('row').length).toBe(1 + 10));
  });

  it('opened while its prefetched check is in flight, waits for the answer and renders once with it, never showing its loading state', async () => {
    const answer = check('p1', 'Core', INSTANCES.slice(0, 2), 3);
    let resolve: (value: typeof answer) => void = () => undefined;
    const queryClient = testQueryClient();
    void queryClient.prefetchQuery({ queryKey: checkKey('p1'), queryFn: () => new Promise<typeof answer>((r) => (resolve = r)) });
    const fake = fakeFetch({
      'GET /api/recovery-plans': plans,
      'GET /api/recovery-plans/p1/check-existing-instances': answer,
      'GET /api/drs/recovery-instance-sync/status': syncStatus(run(3)),
    });
    const loadingShown: boolean[] = [];
    const observer = new MutationObserver(() => loadingShown.push(document.body.textContent?.includes('Loading recovery instances') ?? false));
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    try {
      // React retries a suspended render from act's queue: await it.
      await act(async () => {
        renderWithApp(
          <Suspense fallback={<p>Opening</p>}>
            <RecoveryPlansPage />
          </Suspense>,
          { role: 'ReadOnly', fetch: fake.fetch, path: '/recovery-plans?plan=p1', queryClient },
        );
      });
      expect(screen.getByText('Opening')).toBeTruthy();
      await act(async () => resolve(answer));
      const table = await screen.findByRole('table', { name: 'Existing recovery instances of Core' });
      expect(within(table).getAllByRole('row').length).toBe(1 + 2);
    } finally {
      observer.disconnect();
    }
    expect(loadingShown.some(Boolean)).toBe(false);
    expect(fake.calls.filter((c) => c.url.endsWith('/check-existing-instances'))).toEqual([]);
  });

  it('shows a check sent before the page rendered (at boot or a click) on its first render, without asking again', async () => {
    const answer = check('p1', 'Core', INSTANCES.slice(0, 2), 3);
    const queryClient = testQueryClient();
    await queryClient.prefetchQuery({ queryKey: checkKey('p1'), queryFn: async () => answer });
    const fake = fakeFetch({
      'GET /api/recovery-plans': plans,
      'GET /api/recovery-plans/p1/check-existing-instances': answer,
      'GET /api/drs/recovery-instance-sync/status': syncStatus(run(3)),
    });
    renderWithApp(<RecoveryPlansPage />, { role: 'ReadOnly', fetch: fake.fetch, path: '/recovery-plans?plan=p1', queryClient });
    // Synchronously, before any answer of this render's requests.
    const table = screen.getByRole('table', { name: 'Existing recovery instances of Core' });
    expect(within(table).getAllByRole('row').length).toBe(1 + 2);
    expect(screen.getByRole('heading', { name: /Existing recovery instances\s*\(2\)/ })).toBeTruthy();
    await screen.findByRole('radio', { name: 'Select plan Core' });
    expect(fake.calls.filter((c) => c.url.endsWith('/check-existing-instances'))).toEqual([]);
  });
});

describe('Dashboard', () => {
  it('counts the whole cache exactly from the facets, however many pages the list would take', async () => {
    const fake = fakeFetch({
      'GET /api/recovery-plans': { items: [] },
      'GET /api/accounts/targets': { items: [ACCOUNT] },
      'GET /api/drs/recovery-instance-sync/status': { lastRun: null, lastCompletedRun: null, running: false, recentRuns: [] },
      'GET /api/drs/recovery-instances/facets': { total: 12345, executions: [], accounts: [], regions: [], states: [] },
    });
    renderWithApp(<DashboardPage />, { role: 'ReadOnly', fetch: fake.fetch, path: '/' });
    await screen.findByText('12,345');
    expect(fake.calls.some((c) => c.url.startsWith('/api/drs/recovery-instances?'))).toBe(false);
  });
});
