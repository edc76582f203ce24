/**
 * The local platform's virtual clock. Simulated DRS jobs, Wait states,
 * timeouts, schedules, credential expiry and every timestamp the handlers
 * write read time from this one clock, so a speed factor of 60 makes a
 * 10-minute recovery job finish in 10 real seconds while every timestamp
 * still says 10 minutes passed.
 *
 * Compute does not count against virtual time. While any piece of work is
 * marked busy (a Lambda handler running, the engine moving between states)
 * the clock runs at 1×, as that work would in AWS; only while everything
 * waits does it run at the set speed. Otherwise, at 600× on a loaded
 * machine, 2 real seconds of handler work would be 20 virtual minutes and
 * trip a 15-minute execution timeout that AWS would never reach.
 *
 * The clock also never runs past a timer that is due but not yet delivered:
 * when the event loop is late, virtual time waits for it instead of jumping
 * ahead by lateness × speed.
 */
export interface VirtualClock {
  /** How many virtual milliseconds pass per real millisecond while everything waits. */
  readonly speed: number;
  /** Virtual now, in epoch milliseconds. */
  now(): number;
  /** Virtual now as a Date. */
  date(): Date;
  /** Real milliseconds that `virtualMs` of idle virtual time takes (an estimate: busy time runs at 1×). */
  toRealMs(virtualMs: number): number;
  /** Resolves after `virtualMs` of virtual time. */
  sleep(virtualMs: number, signal?: AbortSignal): Promise<void>;
}

/** The platform's own clock: virtual timers and compute accounting on top of the reading. */
export interface PlatformClock extends VirtualClock {
  /**
   * Calls `callback` once `virtualMs` of virtual time has passed; returns a
   * cancel function. `keepAlive: false` does not hold the process open.
   */
  setTimer(virtualMs: number, callback: () => void, options?: { keepAlive?: boolean }): () => void;
  /** Marks work in progress: the clock runs at 1× until every mark is released. The release is idempotent. */
  busy(): () => void;
  /** Whether some work is marked busy now. */
  readonly isBusy: boolean;
}

export interface VirtualClockOptions {
  /** @default 1 (real time) */
  readonly speed?: number;
  /** Virtual time at creation, epoch ms. @default Date.now() */
  readonly start?: number;
}

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  readonly keepAlive: boolean;
}

export function createVirtualClock(options: VirtualClockOptions = {}): PlatformClock {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new RangeError(`clock speed must be a positive number, got ${options.speed}`);
  }
  // Virtual time is piecewise linear in real time: re-anchored whenever the rate changes or a timer fires.
  let anchorReal = Date.now();
  let anchorVirtual = options.start ?? anchorReal;
  let busyCount = 0;
  let seq = 0;
  const timers: Timer[] = []; // sorted by (at, seq)
  let realTimer: NodeJS.Timeout | undefined;
  let firing = false;

  const rate = () => (busyCount > 0 ? 1 : speed);
  const unclamped = () => anchorVirtual + (Date.now() - anchorReal) * rate();
  const now = () => {
    const t = unclamped();
    const due = timers[0];
    return due && due.at < t ? Math.max(due.at, anchorVirtual) : t;
  };
  const reanchor = (virtual: number = now()) => {
    anchorVirtual = virtual;
    anchorReal = Date.now();
  };

  const arm = () => {
    if (realTimer) clearTimeout(realTimer);
    realTimer = undefined;
    const next = timers[0];
    if (!next || firing) return;
    const delay = Math.max(0, (next.at - unclamped()) / rate());
    realTimer = setTimeout(fireNext, Math.min(delay, 2 ** 31 - 1));
    if (!timers.some((t) => t.keepAlive)) realTimer.unref();
  };

  // One timer per macrotask, with the clock set to its due time, so the
  // continuations of each timer run before the next one moves the clock on.
  // What a timer sets off is compute: it runs at 1× until the next macrotask.
  function fireNext(): void {
    realTimer = undefined;
    const next = timers[0];
    if (!next) return;
    if (next.at > unclamped()) {
      arm();
      return;
    }
    timers.shift();
    reanchor(Math.max(next.at, anchorVirtual));
    firing = true;
    const release = busy();
    try {
      next.callback();
    } finally {
      setImmediate(release);
      firing = false;
      if (timers[0] && timers[0].at <= unclamped()) setImmediate(fireNext);
      else arm();
    }
  }

  const setTimer: PlatformClock['setTimer'] = (virtualMs, callback, timerOptions = {}) => {
    const timer: Timer = { at: now() + Math.max(0, virtualMs), seq: seq++, callback, keepAlive: timerOptions.keepAlive ?? true };
    const index = timers.findIndex((t) => t.at > timer.at);
    timers.splice(index === -1 ? timers.length : index, 0, timer);
    if (timers[0] === timer) arm();
    else if (timer.keepAlive) realTimer?.ref();
    return () => {
      const i = timers.indexOf(timer);
      if (i === -1) return;
      timers.splice(i, 1);
      if (i === 0) arm();
    };
  };

  // Re-anchor at the old rate before the count changes the rate.
  const busy = () => {
    if (busyCount === 0) reanchor();
    if (busyCount++ === 0) arm();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (busyCount === 1) reanchor();
      if (--busyCount === 0) arm();
    };
  };

  return {
    speed,
    now,
    date: () => new Date(now()),
    toRealMs: (virtualMs) => Math.max(0, virtualMs / speed),
    sleep: (virtualMs, signal) =>
      new Promise<void>((resolve) => {
        if (virtualMs <= 0 || signal?.aborted) return resolve();
        const done = () => {
          cancel();
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const cancel = setTimer(virtualMs, done);
        signal?.addEventListener('abort', done, { once: true });
      }),
    setTimer,
    busy,
    get isBusy() {
      return busyCount > 0;
    },
  };
}
