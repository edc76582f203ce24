import type { Query } from '@tanstack/query-core';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { newPollMemory, nextPollDelay, type PollMemory, type PollOptions } from './polling';
import type { QueryDef } from './queries';

export type { PollOptions } from './polling';

/**
 * How a query that is not polled recovers when its call fails: asked again
 * after 5 s, then backing off to once a minute, until the API answers. The
 * page shows the failure meanwhile, never empty data.
 */
export const RECOVERY_POLL: PollOptions = { initialDelayMs: 5_000, maxDelayMs: 60_000 };

/**
 * TanStack Query's refetchInterval for a query: with `poll`, polling with
 * backoff (see polling.ts); without, only after a failure, so the page
 * recovers by itself when the API comes back.
 */
export function useRefetchInterval<T>(poll: PollOptions | undefined, changed?: (previous: T | undefined, next: T) => boolean): (query: Query<T, Error, T, readonly unknown[]>) => number | false {
  const memory = useRef<{ hash: string; poll: PollMemory<T>; recovery: PollMemory<T> } | undefined>(undefined);
  const changedRef = useRef(changed);
  changedRef.current = changed;
  const pollKey = poll ? `${poll.initialDelayMs}/${poll.maxDelayMs}/${poll.factor ?? 2}` : '';
  // The function changes only with the poll's settings: a new function would restart the library's timer.
  return useCallback(
    (query) => {
      if (memory.current?.hash !== query.queryHash) memory.current = { hash: query.queryHash, poll: newPollMemory(poll ?? RECOVERY_POLL), recovery: newPollMemory(RECOVERY_POLL) };
      if (poll) return nextPollDelay(query.state, memory.current.poll, poll, changedRef.current);
      const delay = nextPollDelay(query.state, memory.current.recovery, RECOVERY_POLL);
      return query.state.status === 'error' ? delay : false;
    },
    [pollKey],
  );
}

/** A polled read is not retried at once: its next poll is the retry, with the poll's backoff (3 calls a poll would triple the load on a failing API). */
function noRetryWhenPolled(poll: PollOptions | undefined): { retry?: false } {
  return poll ? { retry: false } : {};
}

/** An API read (a definition from queries.ts), polled with backoff when `poll` is given, and retried after a failure either way. */
export function useApiQuery<T>(
  def: QueryDef<T>,
  options: { poll?: PollOptions; changed?: (previous: T | undefined, next: T) => boolean; enabled?: boolean } = {},
): UseQueryResult<T, Error> {
  const refetchInterval = useRefetchInterval<T>(options.poll, options.changed);
  return useQuery<T, Error, T, readonly unknown[]>({ queryKey: def.queryKey, queryFn: def.queryFn, refetchInterval, enabled: options.enabled ?? true, ...noRetryWhenPolled(options.poll) });
}

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Load again now (and restart the polling backoff). */
  readonly reload: () => void;
}

/**
 * Loads data, and with `poll` keeps it live with backoff; polling pauses while
 * the tab is hidden and stops when the component unmounts. The last good data
 * stays on screen when a later load fails. `changed(previous, next)` decides
 * whether new data resets the backoff.
 *
 * The older interface of the pages that have not moved to useApiQuery: the
 * same TanStack Query underneath, under a key private to the component (its
 * loads are not shared with other pages).
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  options: {
    poll?: PollOptions | false;
    changed?: (previous: T | undefined, next: T) => boolean;
    enabled?: boolean;
    /** Data already in hand for the first render: shown at once, the first load skipped, polling starts after its first delay. */
    initialData?: () => T | undefined;
  } = {},
): Resource<T> {
  const id = useId();
  const loadRef = useRef(load);
  loadRef.current = load;
  const refetchInterval = useRefetchInterval<T>(options.poll || undefined, options.changed);
  const query = useQuery<T, Error, T, readonly unknown[]>({
    queryKey: ['resource', id, ...deps],
    queryFn: ({ signal }) => loadRef.current(signal),
    enabled: options.enabled ?? true,
    initialData: options.initialData,
    refetchInterval,
    ...noRetryWhenPolled(options.poll || undefined),
  });
  const [reloading, setReloading] = useState(false);
  const refetch = query.refetch;
  const reload = useCallback(() => {
    setReloading(true);
    void refetch().finally(() => setReloading(false));
  }, [refetch]);
  return { data: query.data, error: query.error ?? undefined, loading: query.isLoading || (reloading && query.isFetching), reload };
}

/** Re-renders every `intervalMs`, so "synced 2 min ago" stays true. */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
