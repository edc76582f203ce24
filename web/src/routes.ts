import type { ComponentType } from 'react';
import type { ApiClient } from './api/client';
import { queries, type QueryDef } from './lib/queries';

/**
 * The console's pages, one entry each: from this table come the router, the
 * side navigation, the breadcrumbs, the document title, the code split (each
 * built page is its own chunk) and the data a link to the page asks for
 * before the page renders. Adding a page is adding an entry.
 *
 * This module holds no React and no Cloudscape: the entry (main.tsx) reads it
 * to start the page's code and data while the shell's code downloads.
 */
export interface PageRoute {
  /** Stable id: the page's chunk and the parent reference of other pages. */
  readonly id: string;
  /** Router pattern: static segments, `:param` segments, or `*` for anything else. */
  readonly path: string;
  /** The page's name: its breadcrumb, its document title, its heading. */
  readonly title: string;
  /** The page above it in the breadcrumbs (the console's home is always first). */
  readonly parent?: string;
  /** Where it sits in the side navigation; a page without it is reached by links (its parent's item is highlighted). */
  readonly nav?: { readonly label?: string; readonly section?: string; readonly dividerBefore?: boolean };
  readonly page:
    | { readonly kind: 'module'; readonly load: () => Promise<ComponentType<object>> }
    | { readonly kind: 'notAvailable'; readonly coming: string }
    | { readonly kind: 'redirect'; readonly to: string };
  /** What the page will ask first, for a link to it with these parameters: asked at the link's press, or at boot for a deep link. */
  readonly prefetch?: (at: { readonly params: Readonly<Record<string, string>>; readonly search: URLSearchParams }, client: ApiClient) => QueryDef<unknown>[];
}

const built = (load: () => Promise<ComponentType<object>>) => ({ kind: 'module', load }) as const;
const coming = (text: string) => ({ kind: 'notAvailable', coming: text }) as const;

export const HOME_TITLE = 'DRS Orchestrator';

export const PAGES = [
  {
    id: 'dashboard',
    path: '/',
    title: 'Dashboard',
    nav: {},
    page: built(() => import('./pages/Dashboard').then((m) => m.DashboardPage as ComponentType<object>)),
    prefetch: (_, client) => [queries.syncStatus(client, 1), queries.recoveryPlans(client), queries.targetAccounts(client), queries.recoveryInstanceFacets(client), queries.drsReplication(client)],
  },
  { id: 'protectionGroups', path: '/protection-groups', title: 'Protection groups', nav: {}, page: coming('creating and editing protection groups of DRS source servers (by tag or by server), with their launch settings.') },
  {
    id: 'recoveryPlans',
    path: '/recovery-plans',
    title: 'Recovery plans',
    nav: {},
    page: built(() => import('./pages/RecoveryPlans').then((m) => m.RecoveryPlansPage as ComponentType<object>)),
    prefetch: ({ search }, client) => {
      const planId = search.get('plan');
      return planId ? [queries.recoveryPlans(client), queries.checkExisting(client, planId)] : [queries.recoveryPlans(client)];
    },
  },
  {
    id: 'recoveryInstances',
    path: '/recovery-instances',
    title: 'Recovery instances',
    nav: {},
    page: built(() => import('./pages/RecoveryInstances').then((m) => m.RecoveryInstancesPage as ComponentType<object>)),
  },
  { id: 'executions', path: '/executions', title: 'Executions', nav: {}, page: coming('drills and recoveries of recovery plans, wave by wave, with live progress, pause/resume and cancel.') },
  {
    id: 'sfnExecution',
    path: '/executions/sfn/:arn',
    title: 'Step Functions execution',
    parent: 'syncStatus',
    page: built(() => import('./pages/SfnExecution').then((m) => m.SfnExecutionPage as ComponentType<object>)),
  },
  { id: 'failoverSessions', path: '/failover-sessions', title: 'Failover sessions', nav: {}, page: coming('failback after a real failover: agent re-install, reverse replication, failback, re-protection and clean-up.') },
  { id: 'launchTargets', path: '/launch-targets', title: 'Launch targets', nav: {}, page: coming('pre-provisioned EC2 instances for launch into instance (tag AWSDRS=AllowLaunchingIntoThisInstance).') },
  {
    id: 'regions',
    path: '/estate/regions',
    title: 'Regions',
    nav: { section: 'Estate' },
    page: built(() => import('./pages/Regions').then((m) => m.RegionsPage as ComponentType<object>)),
    prefetch: (_, client) => [queries.drsRegions(client)],
  },
  {
    id: 'inventory',
    path: '/estate/inventory',
    title: 'Inventory',
    nav: { section: 'Estate' },
    page: built(() => import('./pages/Inventory').then((m) => m.InventoryPage as ComponentType<object>)),
    prefetch: (_, client) => [queries.sourceServerInventory(client)],
  },
  {
    id: 'stagingAccounts',
    path: '/estate/staging-accounts',
    title: 'Staging accounts & capacity',
    nav: { section: 'Estate', label: 'Staging accounts' },
    page: built(() => import('./pages/StagingAccounts').then((m) => m.StagingAccountsPage as ComponentType<object>)),
    prefetch: (_, client) => [queries.capacityAll(client), queries.stagingSyncStatus(client)],
  },
  {
    id: 'tagSync',
    path: '/estate/tag-sync',
    title: 'Tag sync',
    nav: { section: 'Estate' },
    page: built(() => import('./pages/TagSync').then((m) => m.TagSyncPage as ComponentType<object>)),
    prefetch: (_, client) => [queries.tagSyncSettings(client), queries.tagSyncStatus(client)],
  },
  {
    id: 'syncStatus',
    path: '/sync-status',
    title: 'Sync status',
    nav: {},
    page: built(() => import('./pages/SyncStatus').then((m) => m.SyncStatusPage as ComponentType<object>)),
  },
  {
    id: 'targetAccounts',
    path: '/settings/target-accounts',
    title: 'Target accounts',
    nav: { section: 'Settings', dividerBefore: true },
    page: built(() => import('./pages/TargetAccounts').then((m) => m.TargetAccountsPage as ComponentType<object>)),
  },
  { id: 'settings', path: '/settings', title: 'Settings', page: { kind: 'redirect', to: '/settings/target-accounts' } },
  { id: 'notFound', path: '*', title: 'Page not found', page: coming('there is no page at this address. Use the navigation to find what you need.') },
] as const satisfies readonly PageRoute[];

export type PageId = (typeof PAGES)[number]['id'];

const byId = new Map<string, PageRoute>(PAGES.map((route) => [route.id, route]));

export function pageById(id: string): PageRoute | undefined {
  return byId.get(id);
}

/** The parameters of `pathname` under `pattern`, or null when it does not match (react-router's rules for these simple patterns). */
export function matchPattern(pattern: string, pathname: string): Record<string, string> | null {
  if (pattern === '*') return {};
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(have[i]!);
    else if (segment.toLowerCase() !== have[i]!.toLowerCase()) return null;
  }
  return params;
}

export interface RouteMatch {
  readonly route: PageRoute;
  readonly params: Record<string, string>;
}

/** The page shown at `pathname`: the first entry whose pattern matches (the catch-all last). */
export function matchRoute(pathname: string): RouteMatch {
  for (const route of PAGES) {
    if (route.path === '*') continue;
    const params = matchPattern(route.path, pathname);
    if (params) return { route, params };
  }
  return { route: byId.get('notFound')!, params: {} };
}

/** The page whose code renders at `pathname`, following a redirect; undefined for a page with no module. */
export function moduleRouteOf(pathname: string): PageRoute | undefined {
  let { route } = matchRoute(pathname);
  if (route.page.kind === 'redirect') route = matchRoute(route.page.to).route;
  return route.page.kind === 'module' ? route : undefined;
}

/** Home, then each parent, then the page itself, with the address of each. */
export function breadcrumbsOf(match: RouteMatch, pathname: string): { text: string; href: string }[] {
  const trail: { text: string; href: string }[] = [];
  if (match.route.id !== 'dashboard') trail.push({ text: match.route.title, href: pathname });
  for (let parent = match.route.parent && byId.get(match.route.parent); parent; parent = parent.parent && byId.get(parent.parent)) {
    trail.unshift({ text: parent.title, href: parent.path });
  }
  return [{ text: HOME_TITLE, href: '/' }, ...trail];
}

/** The side navigation's item for `route`: its own, or its nearest parent's. */
export function navHrefOf(route: PageRoute): string | undefined {
  for (let at: PageRoute | undefined = route; at; at = at.parent ? byId.get(at.parent) : undefined) if (at.nav) return at.path;
  return undefined;
}

export function documentTitleOf(route: PageRoute): string {
  return `${route.title} | ${HOME_TITLE}`;
}

/** The queries a link to `href` will need, from its page's entry. */
export function prefetchesOf(href: string, client: ApiClient): QueryDef<unknown>[] {
  const url = new URL(href, 'http://console.invalid');
  const { route, params } = matchRoute(url.pathname);
  return route.prefetch?.({ params, search: url.searchParams }, client) ?? [];
}
