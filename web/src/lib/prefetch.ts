/**
 * Render-as-you-fetch: a request started before the page that needs it has
 * rendered (at a link's click, or while the app's first render runs), taken
 * by that page instead of asking again. An entry is used once, and only
 * while it is young, so it never stands in for a later reload or poll.
 */
const MAX_AGE_MS = 5_000;
const started = new Map<string, { promise: Promise<unknown>; at: number }>();

export function prefetch<T>(key: string, load: () => Promise<T>): void {
  const entry = started.get(key);
  if (entry && Date.now() - entry.at < MAX_AGE_MS) return;
  const promise = load();
  promise.catch(() => undefined); // the page that takes it reports the failure
  started.set(key, { promise, at: Date.now() });
}

export function takePrefetched<T>(key: string): Promise<T> | undefined {
  const entry = started.get(key);
  started.delete(key);
  return entry && Date.now() - entry.at < MAX_AGE_MS ? (entry.promise as Promise<T>) : undefined;
}

export const checkExistingKey = (planId: string) => `check-existing:${planId}`;
