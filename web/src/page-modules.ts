import type { ComponentType } from 'react';

/*
 * Each page is its own chunk (dynamic import), so a first load parses the
 * shell and the page it shows, not every page. This module holds only the
 * loaders (no React, no Cloudscape), so the entry can start the page of the
 * address being opened while the shell's code is still downloading.
 */
type Loader = () => Promise<ComponentType<object>>;

const LOADERS = {
  dashboard: () => import('./pages/Dashboard').then((m) => m.DashboardPage as ComponentType<object>),
  recoveryPlans: () => import('./pages/RecoveryPlans').then((m) => m.RecoveryPlansPage as ComponentType<object>),
  recoveryInstances: () => import('./pages/RecoveryInstances').then((m) => m.RecoveryInstancesPage as ComponentType<object>),
  syncStatus: () => import('./pages/SyncStatus').then((m) => m.SyncStatusPage as ComponentType<object>),
  sfnExecution: () => import('./pages/SfnExecution').then((m) => m.SfnExecutionPage as ComponentType<object>),
  targetAccounts: () => import('./pages/TargetAccounts').then((m) => m.TargetAccountsPage as ComponentType<object>),
} satisfies Record<string, Loader>;

export type PageKey = keyof typeof LOADERS;
export const PAGE_KEYS = Object.keys(LOADERS) as PageKey[];

const loaded = new Map<PageKey, ComponentType<object>>();
const pending = new Map<PageKey, Promise<ComponentType<object>>>();

/** Loads a page's module once (a failed load may be tried again). */
export function loadPage(key: PageKey): Promise<ComponentType<object>> {
  let promise = pending.get(key);
  if (!promise) {
    promise = LOADERS[key]().then(
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

/** The page that the console shows at `pathname`, when it is one of the built pages. */
export function pageKeyOf(pathname: string): PageKey | undefined {
  if (pathname === '/') return 'dashboard';
  if (pathname.startsWith('/recovery-plans')) return 'recoveryPlans';
  if (pathname.startsWith('/recovery-instances')) return 'recoveryInstances';
  if (pathname.startsWith('/sync-status')) return 'syncStatus';
  if (pathname.startsWith('/executions/sfn/')) return 'sfnExecution';
  if (pathname.startsWith('/settings')) return 'targetAccounts';
  return undefined;
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
