import { useCallback, useEffect, useRef, useState } from 'react';
import type { Poller, PollResult } from './poller';
import { startPoller } from './poller';

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Load again now (and restart the polling backoff). */
  readonly reload: () => void;
}

export interface PollOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly factor?: number;
}

/**
 * Loads data, and with `poll` keeps it live with exponential backoff (see
 * startPoller): stops when the tab is hidden or the component unmounts. The
 * last good data stays on screen when a later load fails.
 * `changed(previous, next)` decides whether new data resets the backoff.
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  options: {
    poll?: PollOptions | false;
    changed?: (previous: T | undefined, next: T) => boolean;
    enabled?: boolean;
    /** Data already in hand for the first render (a prefetched answer): shown at once, the first load skipped, polling starts after its first delay. */
    initialData?: () => T | undefined;
  } = {},
): Resource<T> {
  const [initial] = useState(() => options.initialData?.());
  const initialRef = useRef(initial);
  const [data, setData] = useState<T | undefined>(initial);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(initial === undefined);
  const resetRef = useRef<() => void>(() => undefined);
  const dataRef = useRef<T | undefined>(undefined);
  const loadRef = useRef(load);
  loadRef.current = load;
  const changedRef = useRef(options.changed);
  changedRef.current = options.changed;
  const enabled = options.enabled ?? true;
  const poll = options.poll;
  const pollKey = poll ? `${poll.initialDelayMs}/${poll.maxDelayMs}/${poll.factor ?? 2}` : 'once';

  const depsKey = JSON.stringify(deps);
  useEffect(() => {
    // Only the first run may start from initial data; a change of deps loads afresh.
    const inHand = initialRef.current;
    initialRef.current = undefined;
    dataRef.current = inHand;
    setData(inHand);
    setError(undefined);
    if (!enabled) {
      setLoading(false);
      return;
    }
    let active = true;
    setLoading(inHand === undefined);
    const task = async (signal: AbortSignal): Promise<PollResult> => {
      try {
        const next = await loadRef.current(signal);
        if (!active) return 'stop';
        const changed = changedRef.current ? changedRef.current(dataRef.current, next) : false;
        dataRef.current = next;
        setData(next);
        setError(undefined);
        return poll ? (changed ? 'reset' : undefined) : 'stop';
      } catch (caught) {
        if (!active || signal.aborted) return 'stop';
        setError(caught);
        if (!poll) return 'stop';
        throw caught;
      } finally {
        if (active) setLoading(false);
      }
    };
    const begin = () => startPoller(task, poll ? { ...poll } : { initialDelayMs: 1, maxDelayMs: 1 });
    // With data in hand a one-off load has nothing to do, and polling waits its first delay.
    let poller: Poller = inHand === undefined ? begin() : poll ? startPoller(task, { ...poll, delayFirstRun: true }) : STOPPED;
    resetRef.current = () => {
      if (!active) return;
      if (poller.stopped) poller = begin();
      else poller.reset();
    };
    return () => {
      active = false;
      poller.stop();
    };
  }, [depsKey, enabled, pollKey]);

  const reload = useCallback(() => {
    setLoading(true);
    resetRef.current();
  }, []);
  return { data, error, loading, reload };
}

const STOPPED: Poller = { stopped: true, stop: () => undefined, reset: () => undefined, nextDelayMs: 0 };

/** Re-renders every `intervalMs`, so "synced 2 min ago" stays true. */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
