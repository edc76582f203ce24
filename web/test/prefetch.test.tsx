import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prefetchDeepLink } from '../src/lib/deep-link';
import { useResource } from '../src/lib/hooks';
import { checkExistingKey, prefetch, prefetchedWithin, takePrefetched, takePrefetchedValue } from '../src/lib/prefetch';
import { pageKeyOf } from '../src/page-modules';

afterEach(() => {
  vi.useRealTimers();
  // Leave nothing behind for the next test.
  for (const key of ['a', 'b', 'c', checkExistingKey('p-1'), checkExistingKey('p-2')]) takePrefetched(key);
});

describe('prefetch', () => {
  it('sends a request once per key while young, and hands it to one taker', async () => {
    const load = vi.fn(async () => 'answer');
    prefetch('a', load);
    prefetch('a', load);
    expect(load).toHaveBeenCalledTimes(1);
    await expect(takePrefetched<string>('a')).resolves.toBe('answer');
    expect(takePrefetched('a')).toBeUndefined();
  });

  it('offers an answer that is in synchronously, once, and leaves one still in flight to takePrefetched', async () => {
    let resolve: (value: string) => void = () => undefined;
    prefetch('b', () => new Promise<string>((r) => (resolve = r)));
    expect(takePrefetchedValue('b')).toBeUndefined();
    resolve('in');
    await Promise.resolve();
    await Promise.resolve();
    expect(takePrefetchedValue('b')).toBe('in');
    expect(takePrefetchedValue('b')).toBeUndefined();
    expect(takePrefetched('b')).toBeUndefined();
  });

  it('never stands in for a later load: an entry older than 5 s is not used', async () => {
    vi.useFakeTimers();
    prefetch('c', async () => 'old');
    await vi.advanceTimersByTimeAsync(5_001);
    expect(takePrefetchedValue('c')).toBeUndefined();
    expect(takePrefetched('c')).toBeUndefined();
  });
});

describe('prefetchedWithin', () => {
  it('is fulfilled when the answer comes before the deadline, and is the same promise each time', async () => {
    vi.useFakeTimers();
    let resolve: (value: string) => void = () => undefined;
    prefetch('a', () => new Promise<string>((r) => (resolve = r)));
    const waiting = prefetchedWithin('a', 300)!;
    expect(prefetchedWithin('a', 300)).toBe(waiting);
    const seen = vi.fn();
    void waiting.then(seen);
    await vi.advanceTimersByTimeAsync(100);
    expect(seen).not.toHaveBeenCalled();
    resolve('in');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveBeenCalledTimes(1);
    // Marked for React's use(): read synchronously from now on.
    expect((waiting as Promise<void> & { status?: string }).status).toBe('fulfilled');
  });

  it('is fulfilled at the deadline when the answer is slow, and the answer still goes to its taker', async () => {
    vi.useFakeTimers();
    let resolve: (value: string) => void = () => undefined;
    prefetch('b', () => new Promise<string>((r) => (resolve = r)));
    const seen = vi.fn();
    void prefetchedWithin('b', 300)!.then(seen);
    await vi.advanceTimersByTimeAsync(299);
    expect(seen).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toHaveBeenCalledTimes(1);
    resolve('late');
    await expect(takePrefetched<string>('b')).resolves.toBe('late');
  });

  it('is undefined when nothing was prefetched', () => {
    expect(prefetchedWithin('c', 300)).toBeUndefined();
  });
});

describe('prefetchDeepLink', () => {
  it("sends the plan's check for /recovery-plans?plan=<id>, and nothing for other addresses", () => {
    const client = { checkExistingInstances: vi.fn(async () => ({}) as never) };
    expect(prefetchDeepLink('/recovery-plans', '?plan=p-1', client)).toBe(checkExistingKey('p-1'));
    expect(prefetchDeepLink('/recovery-plans', '', client)).toBeUndefined();
    expect(prefetchDeepLink('/recovery-instances', '?plan=p-2', client)).toBeUndefined();
    expect(client.checkExistingInstances).toHaveBeenCalledTimes(1);
    expect(client.checkExistingInstances).toHaveBeenCalledWith('p-1');
    expect(takePrefetched(checkExistingKey('p-1'))).toBeDefined();
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
    ['/protection-groups', undefined],
  ])('%s is the %s page', (pathname, key) => {
    expect(pageKeyOf(pathname)).toBe(key);
  });
});

function Probe({ load, initial }: { load: () => Promise<string>; initial?: string }) {
  const resource = useResource(() => load(), [], { initialData: () => initial });
  return <p>{resource.loading ? 'loading' : (resource.data ?? 'none')}</p>;
}

describe('useResource with initial data', () => {
  it('shows the data in hand on the first render and does not load it again', async () => {
    const load = vi.fn(async () => 'loaded');
    render(<Probe load={load} initial="in hand" />);
    expect(screen.getByText('in hand')).toBeTruthy();
    await act(async () => undefined);
    expect(screen.getByText('in hand')).toBeTruthy();
    expect(load).not.toHaveBeenCalled();
  });

  it('loads as usual without it', async () => {
    const load = vi.fn(async () => 'loaded');
    render(<Probe load={load} />);
    expect(screen.getByText('loading')).toBeTruthy();
    expect(await screen.findByText('loaded')).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(1);
  });
});
