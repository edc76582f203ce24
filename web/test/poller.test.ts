import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextDelay, startPoller } from '../src/lib/poller';

function fakeDocument() {
  const listeners = new Set<() => void>();
  return {
    hidden: false,
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    setHidden(value: boolean) {
      this.hidden = value;
      for (const l of listeners) l();
    },
    listeners,
  };
}

describe('startPoller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('with delayFirstRun, waits the first delay before the first run (data already in hand)', async () => {
    const doc = fakeDocument();
    const task = vi.fn(async () => undefined);
    const poller = startPoller(task, { initialDelayMs: 1000, maxDelayMs: 5000, delayFirstRun: true, document: doc as unknown as Document });
    await vi.advanceTimersByTimeAsync(999);
    expect(task).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(task).toHaveBeenCalledTimes(2);
    poller.stop();
  });

  it('runs at once, then backs off exponentially up to the maximum', async () => {
    const doc = fakeDocument();
    const task = vi.fn(async () => undefined);
    const poller = startPoller(task, { initialDelayMs: 1000, maxDelayMs: 5000, document: doc as unknown as Document });
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(1);
    const times: number[] = [];
    let elapsed = 0;
    for (let step = 0; step < 25_000; step += 100) {
      const before = task.mock.calls.length;
      await vi.advanceTimersByTimeAsync(100);
      elapsed += 100;
      if (task.mock.calls.length > before) times.push(elapsed);
    }
    // 1 s, then 2 s, 4 s, then capped at 5 s.
    expect(times.slice(0, 5)).toEqual([1000, 3000, 7000, 12000, 17000]);
    poller.stop();
  });

  it("'reset' from the task returns to the first delay; 'stop' stops", async () => {
    const results: ('reset' | 'stop' | undefined)[] = [undefined, undefined, 'reset', 'stop'];
    const task = vi.fn(async () => results.shift());
    startPoller(task, { initialDelayMs: 1000, maxDelayMs: 60_000, document: fakeDocument() as unknown as Document });
    await vi.advanceTimersByTimeAsync(0); // 1st run
    await vi.advanceTimersByTimeAsync(1000); // 2nd
    await vi.advanceTimersByTimeAsync(2000); // 3rd: reset
    await vi.advanceTimersByTimeAsync(1000); // 4th after the first delay again: stop
    expect(task).toHaveBeenCalledTimes(4);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(task).toHaveBeenCalledTimes(4);
  });

  it('backs off on errors and reports them', async () => {
    const onError = vi.fn();
    const task = vi.fn(async () => {
      throw new Error('down');
    });
    const poller = startPoller(task, { initialDelayMs: 500, maxDelayMs: 10_000, onError, document: fakeDocument() as unknown as Document });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(500);
    await vi.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(3);
    expect(onError).toHaveBeenCalledTimes(3);
    expect(poller.nextDelayMs).toBe(4000);
    poller.stop();
  });

  it('pauses while the tab is hidden and runs at once when it shows again', async () => {
    const doc = fakeDocument();
    const task = vi.fn(async () => undefined);
    const poller = startPoller(task, { initialDelayMs: 1000, maxDelayMs: 1000, document: doc as unknown as Document });
    await vi.advanceTimersByTimeAsync(0);
    doc.setHidden(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(task).toHaveBeenCalledTimes(1);
    doc.setHidden(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(2);
    poller.stop();
  });

  it('stop() clears the timer, aborts the running task and forgets the tab', async () => {
    const doc = fakeDocument();
    let signal: AbortSignal | undefined;
    const task = vi.fn((s: AbortSignal) => {
      signal = s;
      return new Promise<undefined>(() => undefined);
    });
    const poller = startPoller(task, { initialDelayMs: 1000, maxDelayMs: 1000, document: doc as unknown as Document });
    poller.stop();
    expect(signal?.aborted).toBe(true);
    expect(doc.listeners.size).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('nextDelay multiplies and caps', () => {
    expect(nextDelay(1000, { maxDelayMs: 10_000 })).toBe(2000);
    expect(nextDelay(1000, { maxDelayMs: 10_000, factor: 1.5 })).toBe(1500);
    expect(nextDelay(8000, { maxDelayMs: 10_000 })).toBe(10_000);
  });
});
