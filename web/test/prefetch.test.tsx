import { act, render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../src/api/client';
import { prefetchDeepLink } from '../src/lib/deep-link';
import { useResource } from '../src/lib/hooks';
import { firstAnswerWithin, prefetchHref } from '../src/lib/prefetch';
import { queries } from '../src/lib/queries';
import { pageKeyOf } from '../src/page-modules';
import { fakeFetch, testQueryClient } from './helpers';

afterEach(() => {
  vi.useRealTimers();
});

const apiClient = (fetch: typeof globalThis.fetch) => new ApiClient({ baseUrl: '/api', getToken: () => 'token', fetch });
const checkKey = (planId: string) => queries.checkExisting(apiClient(fetch), planId).queryKey;

describe('firstAnswerWithin', () => {
  it('is fulfilled when the answer comes before the deadline, is the same promise each time, and is then read synchronously', async () => {
    vi.useFakeTimers();
    const queryClient = testQueryClient();
    let resolve: (value: string) => void = () => undefined;
    void queryClient.prefetchQuery({ queryKey: ['a'], queryFn: () => new Promise<string>((r) => (resolve = r)) });
    const waiting = firstAnswerWithin(queryClient, ['a'], 300)!;
    expect(firstAnswerWithin(queryClient, ['a'], 300)).toBe(waiting);
    const seen = vi.fn();
    void waiting.then(seen);
    await vi.advanceTimersByTimeAsync(100);
    expect(seen).not.toHaveBeenCalled();
    resolve('in');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveBeenCalledTimes(1);
    // Marked for React's use(): read synchronously from now on.
    expect((waiting as Promise<void> & { status?: string }).status).toBe('fulfilled');
    expect(queryClient.getQueryData(['a'])).toBe('in');
  });

  it('is fulfilled at the deadline when the answer is slow, and the answer still lands in the cache', async () => {
    vi.useFakeTimers();
    const queryClient = testQueryClient();
    let resolve: (value: string) => void = () => undefined;
    void queryClient.prefetchQuery({ queryKey: ['b'], queryFn: () => new Promise<string>((r) => (resolve = r)) });
    const seen = vi.fn();
    void firstAnswerWithin(queryClient, ['b'], 300)!.then(seen);
    await vi.advanceTimersByTimeAsync(299);
    expect(seen).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toHaveBeenCalledTimes(1);
    resolve('late');
    await vi.advanceTimersByTimeAsync(0);
    expect(queryClient.getQueryData(['b'])).toBe('late');
  });

  it('is undefined when nothing was asked, or the answer is already in', async () => {
    const queryClient = testQueryClient();
    expect(firstAnswerWithin(queryClient, ['c'], 300)).toBeUndefined();
    await queryClient.prefetchQuery({ queryKey: ['d'], queryFn: async () => 'in' });
    expect(firstAnswerWithin(queryClient, ['d'], 300)).toBeUndefined();
  });
});

describe('prefetch from the page table', () => {
  it("asks for a plan's check and the plan list for /recovery-plans?plan=<id>, into the cache the page reads", async () => {
    const fake = fakeFetch({ 'GET /api/recovery-plans': { items: [] }, 'GET /api/recovery-plans/p-1/check-existing-instances': { planId: 'p-1' } });
    const queryClient = testQueryClient();
    await prefetchDeepLink('/recovery-plans', '?plan=p-1', apiClient(fake.fetch), queryClient);
    expect(fake.calls.map((c) => c.url).sort()).toEqual(['/api/recovery-plans', '/api/recovery-plans/p-1/check-existing-instances']);
    expect(queryClient.getQueryData(checkKey('p-1'))).toEqual({ planId: 'p-1' });
  });

  it('asks nothing for a page whose entry has no prefetch, and nothing twice for a fresh answer', async () => {
    const fake = fakeFetch({ 'GET /api/recovery-plans': { items: [] } });
    const queryClient = testQueryClient();
    await prefetchHref('/recovery-instances?plan=p-2', apiClient(fake.fetch), queryClient);
    expect(fake.calls).toEqual([]);
    await prefetchHref('/recovery-plans', apiClient(fake.fetch), queryClient);
    await prefetchHref('/recovery-plans', apiClient(fake.fetch), queryClient);
    expect(fake.calls.map((c) => c.url)).toEqual(['/api/recovery-plans']);
  });
});

describe('pageKeyOf', () => {
  it.each([
    ['/', 'dashboard'],
    ['/recovery-plans', 'recoveryPlans'],
    ['/recovery-instances', 'recoveryInstances'],
    ['/sync-status', 'syncStatus'],
    ['/executions/sfn/arn%3Aaws', 'sfnExecution'],
    ['/settings/target-accounts', 'targetAccounts'],
    ['/settings', 'targetAccounts'],
    ['/protection-groups', undefined],
    ['/no/such/page', undefined],
  ])('%s is the %s page', (pathname, key) => {
    expect(pageKeyOf(pathname)).toBe(key);
  });
});

function Probe({ load, initial }: { load: () => Promise<string>; initial?: string }) {
  const resource = useResource(() => load(), [], { initialData: () => initial });
  return <p>{resource.loading ? 'loading' : (resource.data ?? 'none')}</p>;
}

describe('useResource (the older interface, on the same query cache)', () => {
  const renderProbe = (ui: ReactElement) => render(<QueryClientProvider client={testQueryClient()}>{ui}</QueryClientProvider>);

  it('shows the data in hand on the first render and does not load it again', async () => {
    const load = vi.fn(async () => 'loaded');
    renderProbe(<Probe load={load} initial="in hand" />);
    expect(screen.getByText('in hand')).toBeTruthy();
    await act(async () => undefined);
    expect(screen.getByText('in hand')).toBeTruthy();
    expect(load).not.toHaveBeenCalled();
  });

  it('loads as usual without it', async () => {
    const load = vi.fn(async () => 'loaded');
    renderProbe(<Probe load={load} />);
    expect(screen.getByText('loading')).toBeTruthy();
    expect(await screen.findByText('loaded')).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe('a slow read that loses its page', () => {
  it('is not aborted and sent again when the page unmounts and mounts while it is in flight', async () => {
    const queryClient = testQueryClient();
    let answer: (response: Response) => void = () => undefined;
    const fetchFn = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve))) as unknown as typeof globalThis.fetch;
    const def = queries.checkExisting(apiClient(fetchFn), 'p1');
    void queryClient.prefetchQuery(def);
    function Page(): ReactElement {
      const { data } = useQuery(def);
      return <p>{data ? `${data.planId} answered` : 'waiting'}</p>;
    }
    const first = render(<QueryClientProvider client={queryClient}><Page /></QueryClientProvider>);
    await screen.findByText('waiting');
    first.unmount(); // e.g. the page's first render after its wait for the prefetched answer
    render(<QueryClientProvider client={queryClient}><Page /></QueryClientProvider>);
    await act(async () => answer(Response.json({ planId: 'p1', instances: [] })));
    await screen.findByText('p1 answered');
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });
});
