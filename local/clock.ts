/**
 * The local platform's virtual clock. Simulated DRS jobs, Wait states and
 * schedules all read time from one clock, so a speed factor of 60 makes a
 * 10-minute recovery job finish in 10 real seconds while every timestamp the
 * estate reports still says 10 minutes passed.
 */
export interface VirtualClock {
  /** How many virtual milliseconds pass per real millisecond. */
  readonly speed: number;
  /** Virtual now, in epoch milliseconds. */
  now(): number;
  /** Virtual now as a Date. */
  date(): Date;
  /** Real milliseconds that `virtualMs` of virtual time takes. */
  toRealMs(virtualMs: number): number;
  /** Resolves after `virtualMs` of virtual time. */
  sleep(virtualMs: number): Promise<void>;
}

export interface VirtualClockOptions {
  /** @default 1 (real time) */
  readonly speed?: number;
  /** Virtual time at creation, epoch ms. @default Date.now() */
  readonly start?: number;
}

export function createVirtualClock(options: VirtualClockOptions = {}): VirtualClock {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new RangeError(`clock speed must be a positive number, got ${options.speed}`);
  }
  const realStart = Date.now();
  const virtualStart = options.start ?? realStart;
  const now = () => virtualStart + (Date.now() - realStart) * speed;
  const toRealMs = (virtualMs: number) => Math.max(0, virtualMs / speed);
  return {
    speed,
    now,
    date: () => new Date(now()),
    toRealMs,
    sleep: (virtualMs) => new Promise((resolve) => setTimeout(resolve, toRealMs(virtualMs))),
  };
}
