import type { QueryClient } from '@tanstack/query-core';
import type { ApiClient } from '../api/client';
import { FIRST_ANSWER_WAIT_MS, prefetchHref, within } from './prefetch';

/**
 * For the address the console is opened at, asks now for the data its page
 * will ask first (its route's `prefetch`, e.g. a plan's check-existing for
 * `/recovery-plans?plan=<planId>`), so that the answer is in by the time the
 * page renders: at boot while the console's code downloads, or at sign-in.
 * Resolves when the answers are in, or after FIRST_ANSWER_WAIT_MS.
 */
export function prefetchDeepLink(pathname: string, search: string, client: ApiClient, queryClient: QueryClient): Promise<void> {
  return within(prefetchHref(`${pathname}${search}`, client, queryClient), FIRST_ANSWER_WAIT_MS);
}
