import type { Query, QueryClient } from '@tanstack/query-core';
import type { ApiClient } from '../api/client';
import { prefetchesOf } from '../routes';
import type { QueryDef } from './queries';

/**
 * Render-as-you-fetch on TanStack Query's cache: a link's press (or the boot,
 * for a deep link, while the console's code downloads) asks for what its page
 * will ask, and the page finds the request in flight or its answer in the
 * cache (fresh for FRESH_MS, see query-client.ts) instead of asking again.
 */

/** How long a page opened with its request already sent waits for the answer before it shows its loading state. */
export const FIRST_ANSWER_WAIT_MS = 300;

/** Asks now for what the page at `href` will need (its route's `prefetch`); resolves when every answer is in (or failed). */
export function prefetchHref(href: string, client: ApiClient, queryClient: QueryClient): Promise<void> {
  return prefetchAll(queryClient, prefetchesOf(href, client));
}

export function prefetchAll(queryClient: QueryClient, defs: readonly QueryDef<unknown>[]): Promise<void> {
  // prefetchQuery never rejects: the page that reads the query reports a failure.
  return Promise.all(defs.map((def) => queryClient.prefetchQuery(def))).then(() => undefined);
}

/** Settles after `promise` or after `withinMs`, whichever comes first. */
export function within(promise: Promise<unknown>, withinMs: number): Promise<void> {
  return Promise.race([promise.then(noop, noop), new Promise<void>((resolve) => setTimeout(resolve, withinMs))]);
}

const noop = () => undefined;

type Thenable = Promise<void> & { status?: 'fulfilled'; value?: undefined };
const firstAnswers = new WeakMap<Query, Thenable>();

/**
 * For a query whose first answer is on its way: a promise fulfilled when it is
 * in, or after `withinMs`; undefined when there is nothing to wait for (no
 * request, or data already in). The same promise for the same query, marked
 * with React's thenable fields once fulfilled, so `use()` reads it
 * synchronously from then on.
 *
 * A page suspends on it so that it renders once, with its data, when the data
 * comes quickly (a navigation is a transition: the previous page stays
 * meanwhile), and shows its loading state when it does not.
 */
export function firstAnswerWithin(queryClient: QueryClient, queryKey: readonly unknown[], withinMs: number): Promise<void> | undefined {
  const query = queryClient.getQueryCache().find({ queryKey, exact: true });
  if (!query) return undefined;
  const known = firstAnswers.get(query);
  if (known) return known;
  if (query.state.data !== undefined || query.state.fetchStatus !== 'fetching') return undefined;
  let unsubscribe: () => void = noop;
  const answered = new Promise<void>((resolve) => {
    unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.query === query && query.state.fetchStatus !== 'fetching') resolve();
    });
  });
  const thenable: Thenable = within(answered, withinMs).then(() => {
    unsubscribe();
    thenable.status = 'fulfilled';
    thenable.value = undefined;
  });
  firstAnswers.set(query, thenable);
  return thenable;
}
