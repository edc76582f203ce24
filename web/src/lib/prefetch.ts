/**
 * Render-as-you-fetch: a request started before the page that needs it has
 * rendered (at a link's click, or at boot for a deep link while the app's
 * code downloads), taken by that page instead of asking again. An entry is
 * used once, and only while it is young, so it never stands in for a later
 * reload or poll. An answer that is already in can be read synchronously, so
 * the page's first render shows it instead of a loading state.
 */
const MAX_AGE_MS = 5_000;

/** How long a page opened with its request already sent waits for the answer before it shows its loading state. */
export const FIRST_ANSWER_WAIT_MS = 300;

interface Entry {
  readonly promise: Promise<unknown>;
  readonly at: number;
  settled?: { readonly value: unknown };
  firstAnswer?: Promise<void>;
}
const started = new Map<string, Entry>();

export function prefetch<T>(key: string, load: () => Promise<T>): void {
  const entry = started.get(key);
  if (entry && Date.now() - entry.at < MAX_AGE_MS) return;
  const promise = load();
  const fresh: Entry = { promise, at: Date.now() };
  promise.then(
    (value) => (fresh.settled = { value }),
    () => undefined, // the page that takes it reports the failure
  );
  started.set(key, fresh);
}

function young(key: string): Entry | undefined {
  const entry = started.get(key);
  return entry && Date.now() - entry.at < MAX_AGE_MS ? entry : undefined;
}

/** The prefetched request for `key`, taken (so only once). */
export function takePrefetched<T>(key: string): Promise<T> | undefined {
  const entry = young(key);
  started.delete(key);
  return entry?.promise as Promise<T> | undefined;
}

/** The prefetched answer for `key` if it is already in, taken; if not, the request stays for takePrefetched. */
export function takePrefetchedValue<T>(key: string): T | undefined {
  const settled = young(key)?.settled;
  if (settled) started.delete(key);
  return settled?.value as T | undefined;
}

/**
 * A promise that is fulfilled when the prefetched answer for `key` is in, or
 * after `withinMs`, whichever comes first; undefined when there is no young
 * request still in flight. The same promise for the same request, marked with
 * React's thenable fields once fulfilled, so `use()` reads it synchronously
 * from then on.
 *
 * A page suspends on it so that it renders once, with its data, when the
 * data comes quickly (a navigation is a transition: the previous page stays
 * meanwhile), and shows its loading state when it does not.
 */
export function prefetchedWithin(key: string, withinMs: number): Promise<void> | undefined {
  const entry = young(key);
  if (!entry || entry.settled) return entry?.firstAnswer;
  if (!entry.firstAnswer) {
    const firstAnswer: Promise<void> & { status?: string; value?: undefined } = Promise.race([
      entry.promise.then(
        () => undefined,
        () => undefined,
      ),
      new Promise<void>((resolve) => setTimeout(resolve, withinMs)),
    ]).then(() => {
      firstAnswer.status = 'fulfilled';
      firstAnswer.value = undefined;
    });
    entry.firstAnswer = firstAnswer;
  }
  return entry.firstAnswer;
}

export const checkExistingKey = (planId: string) => `check-existing:${planId}`;
