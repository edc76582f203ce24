/**
 * Polling with exponential backoff that stops when the tab is hidden and
 * resumes (at once, at the first delay) when it is shown again.
 *
 * The task runs at once (or, with `delayFirstRun`, after `initialDelayMs`), then after `initialDelayMs`, and each next delay is
 * `factor` times the last, up to `maxDelayMs`. The task may return:
 * - `'stop'`: stop polling;
 * - `'reset'`: something changed, so poll again soon (back to the first delay);
 * - anything else: back off.
 * A task that throws backs off the same way; `onError` hears about it.
 */
export interface PollerOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** @default 2 */
  readonly factor?: number;
  readonly onError?: (error: unknown) => void;
  /** Wait `initialDelayMs` before the first run too, for data already in hand. @default false */
  readonly delayFirstRun?: boolean;
  /** For tests; defaults to the global document when there is one. */
  readonly document?: Pick<Document, 'hidden' | 'addEventListener' | 'removeEventListener'>;
}

export type PollResult = 'stop' | 'reset' | void;

export interface Poller {
  /** Stops for good: clears the timer, aborts the running task, forgets the tab. */
  stop(): void;
  /** Runs the task now and restarts the backoff from the first delay. */
  reset(): void;
  /** The delay before the next run, for display and tests. */
  readonly nextDelayMs: number;
  readonly stopped: boolean;
}

export function nextDelay(current: number, options: Pick<PollerOptions, 'maxDelayMs' | 'factor'>): number {
  return Math.min(options.maxDelayMs, Math.round(current * (options.factor ?? 2)));
}

export function startPoller(task: (signal: AbortSignal) => Promise<PollResult> | PollResult, options: PollerOptions): Poller {
  const doc = options.document ?? (typeof document === 'undefined' ? undefined : document);
  let delay = options.initialDelayMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  let running = false;
  let stopped = false;
  let rerun = false;

  const schedule = () => {
    if (stopped || running || timer !== undefined) return;
    if (doc?.hidden) return; // resumed by the visibility listener
    const wait = delay;
    delay = nextDelay(delay, options);
    timer = setTimeout(() => {
      timer = undefined;
      void run();
    }, wait);
  };

  const run = async () => {
    if (stopped) return;
    if (running) {
      rerun = true;
      return;
    }
    if (doc?.hidden) return;
    running = true;
    controller = new AbortController();
    let result: PollResult = undefined;
    try {
      result = await task(controller.signal);
    } catch (error) {
      if (!stopped && !controller.signal.aborted) options.onError?.(error);
    } finally {
      running = false;
    }
    if (stopped) return;
    if (result === 'stop') {
      poller.stop();
      return;
    }
    if (result === 'reset' || rerun) delay = options.initialDelayMs;
    if (rerun) {
      rerun = false;
      void run();
      return;
    }
    schedule();
  };

  const onVisibility = () => {
    if (stopped) return;
    if (doc?.hidden) {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    } else {
      delay = options.initialDelayMs;
      void run();
    }
  };
  doc?.addEventListener('visibilitychange', onVisibility);

  const poller: Poller = {
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      controller?.abort();
      doc?.removeEventListener('visibilitychange', onVisibility);
    },
    reset() {
      if (stopped) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      delay = options.initialDelayMs;
      void run();
    },
    get nextDelayMs() {
      return delay;
    },
    get stopped() {
      return stopped;
    },
  };
  if (options.delayFirstRun) schedule();
  else void run();
  return poller;
}
