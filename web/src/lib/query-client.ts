import { QueryClient } from '@tanstack/query-core';
import { ApiError } from '../api/client';

/**
 * The console's one cache of API answers (TanStack Query). It is made by the
 * entry (main.tsx), before React loads, so a deep link's data can be asked
 * for while the console's code downloads; the app then reads the same cache.
 * query-core holds no React, which keeps the entry small.
 */

/** An answer younger than this is used as it is (a prefetch, a page left and opened again); older ones are shown and asked again. */
export const FRESH_MS = 5_000;

const MAX_RETRIES = 2;

/** Only what can succeed on retry: no answer, throttling, and server errors. Never 4xx such as AccessDenied. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status === 429 || error.status >= 500);
}

/** Exponential backoff with full jitter, from 1 s, at most 8 s; a throttled answer's Retry-After wins. */
export function retryDelayMs(attempt: number, error: unknown, random: () => number = Math.random): number {
  const retryAfter = error instanceof ApiError ? Number(error.details.retryAfter) : NaN;
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
  return Math.round(Math.min(8_000, 1_000 * 2 ** attempt) * (0.5 + random() / 2));
}

export function createQueryClient(options: { retry?: boolean } = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: FRESH_MS,
        retry: options.retry === false ? false : (failures, error) => failures < MAX_RETRIES && isRetryable(error),
        retryDelay: (attempt, error) => retryDelayMs(attempt, error),
        // Polling pauses while the tab is hidden, and a shown tab asks again at once (focusManager).
        refetchIntervalInBackground: false,
        refetchOnWindowFocus: true,
      },
    },
  });
}
