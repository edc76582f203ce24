import type { Query } from '@tanstack/query-core';

/**
 * Polling with backoff on top of TanStack Query's refetchInterval: the
 * library runs the timer, pauses it while the tab is hidden and asks again
 * when the tab is shown; this decides the next delay.
 *
 * The first poll comes `initialDelayMs` after an answer; each answer that
 * changes nothing multiplies the delay by `factor`, up to `maxDelayMs`; an
 * answer that changes something (as `changed` judges, by default any
 * difference) starts again from the first delay. Failures back off the same
 * way, so a page whose API is down keeps trying, more and more slowly, and
 * recovers by itself when the API answers again.
 */
export interface PollOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** @default 2 */
  readonly factor?: number;
}

/** What the poller remembers between answers of one query. */
export interface PollMemory<T> {
  seenUpdatedAt: number;
  seenErrorAt: number;
  data: T | undefined;
  /** Answers in a row that changed nothing, failures included. */
  quietPolls: number;
  delayMs: number;
}

export const newPollMemory = <T>(options: PollOptions): PollMemory<T> => ({ seenUpdatedAt: 0, seenErrorAt: 0, data: undefined, quietPolls: 0, delayMs: options.initialDelayMs });

export function backoffDelay(quietPolls: number, options: PollOptions): number {
  return Math.min(options.maxDelayMs, Math.round(options.initialDelayMs * (options.factor ?? 2) ** quietPolls));
}

type PollState<T> = Pick<Query<T>['state'], 'data' | 'dataUpdatedAt' | 'errorUpdatedAt' | 'status'>;

/**
 * The delay before the next poll, decided once per answer of the query (the
 * library asks on every state change of the query, and restarts its timer
 * with the answer at each: only the value after an answer counts).
 */
export function nextPollDelay<T>(state: PollState<T>, memory: PollMemory<T>, options: PollOptions, changed?: (previous: T | undefined, next: T) => boolean): number {
  if (state.status === 'error' && state.errorUpdatedAt > memory.seenErrorAt) {
    memory.seenErrorAt = state.errorUpdatedAt;
    memory.delayMs = backoffDelay(memory.quietPolls, options);
    memory.quietPolls += 1;
  } else if (state.status === 'success' && state.dataUpdatedAt > memory.seenUpdatedAt) {
    const first = memory.seenUpdatedAt === 0;
    const recovered = memory.seenErrorAt > memory.seenUpdatedAt;
    const next = state.data as T;
    // Identical answers keep their reference (structural sharing), so by default `!==` means "something differs".
    const differs = changed ? changed(memory.data, next) : next !== memory.data;
    memory.seenUpdatedAt = state.dataUpdatedAt;
    memory.data = next;
    memory.quietPolls = first || recovered || differs ? 0 : memory.quietPolls + 1;
    memory.delayMs = backoffDelay(memory.quietPolls, options);
  }
  return memory.delayMs;
}
