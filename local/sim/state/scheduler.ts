/**
 * A discrete-event queue on virtual time. Nothing runs on a timer: before each
 * request the estate applies every event due at the virtual "now", in order.
 * So jobs progress identically at any clock speed, and a manual test clock can
 * step through a job's life deterministically.
 */
interface ScheduledEvent {
  at: number;
  seq: number;
  run: () => void;
}

export class Scheduler {
  private readonly queue: ScheduledEvent[] = [];
  private seq = 0;

  schedule(at: number, run: () => void): void {
    const event = { at, seq: this.seq++, run };
    // Binary insertion keeps the queue ordered by (at, seq).
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.queue[mid]!.at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, event);
  }

  /** Runs every event due at or before `now`; events may schedule further events. */
  advance(now: number): void {
    while (this.queue.length > 0 && this.queue[0]!.at <= now) {
      this.queue.shift()!.run();
    }
  }

  get pending(): number {
    return this.queue.length;
  }
}
