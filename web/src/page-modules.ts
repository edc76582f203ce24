import type { ComponentType } from 'react';
import { moduleRouteOf, PAGES, pageById } from './routes';

/*
 * Each built page is its own chunk (its entry's dynamic import in routes.ts),
 * so a first load parses the shell and the page it shows, not every page.
 * This module only caches the loads (no React, no Cloudscape), so the entry
 * can start the page of the address being opened while the shell's code is
 * still downloading.
 */
export type PageKey = string;
export const PAGE_KEYS: PageKey[] = PAGES.filter((route) => route.page.kind === 'module').map((route) => route.id);

const loaded = new Map<PageKey, ComponentType<object>>();
const pending = new Map<PageKey, Promise<ComponentType<object>>>();

/** Loads a page's module once (a failed load may be tried again). */
export function loadPage(key: PageKey): Promise<ComponentType<object>> {
  let promise = pending.get(key);
  if (!promise) {
    const page = pageById(key)?.page;
    if (page?.kind !== 'module') return Promise.reject(new Error(`No page module ${key}`));
    promise = page.load().then(
      (component) => {
        loaded.set(key, component);
        return component;
      },
      (error: unknown) => {
        pending.delete(key);
        throw error;
      },
    );
    pending.set(key, promise);
  }
  return promise;
}

/** The page's component if its module is in. */
export function loadedPage(key: PageKey): ComponentType<object> | undefined {
  return loaded.get(key);
}

/** The built page that the console shows at `pathname`, if any. */
export function pageKeyOf(pathname: string): PageKey | undefined {
  return moduleRouteOf(pathname)?.id;
}

/** Loads the other pages when the browser is idle, so moving around never waits for a download. */
export function loadOtherPagesWhenIdle(current: PageKey | undefined): void {
  const rest = () => {
    for (const key of PAGE_KEYS) if (key !== current) void loadPage(key).catch(() => undefined);
  };
  const idle = (globalThis as { requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number }).requestIdleCallback;
  if (idle) idle(rest, { timeout: 3000 });
  else setTimeout(rest, 500);
}
