import AppLayout from '@cloudscape-design/components/app-layout';
import BreadcrumbGroup from '@cloudscape-design/components/breadcrumb-group';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import SideNavigation, { type SideNavigationProps } from '@cloudscape-design/components/side-navigation';
import TopNavigation from '@cloudscape-design/components/top-navigation';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { createElement, lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ComponentType, type ReactElement } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { ApiClient, remedyFor } from './api/client';
import { AppContext, usePermissions, type AppContextValue } from './app-context';
import type { RuntimeConfig } from './auth/config';
import { apiBaseOf } from './auth/config';
import { SESSION_ENDED_NOTICE } from './auth/refresh';
import { clearSession, loadRefreshToken, saveToken, type Session } from './auth/session';
import { signOutOfCognito } from './auth/sign-out';
import { useTokenRefresh } from './auth/use-token-refresh';
import { usePrefetchingNavigate } from './components/InternalLink';
import { NotAvailable } from './components/NotAvailable';
import { loadedPage, loadPage, type PageKey } from './page-modules';
import { prefetchDeepLink } from './lib/deep-link';
import { createQueryClient } from './lib/query-client';
import { ACTION_TEXT, permissionFor, ROLE_LABEL, type Action } from './lib/roles';
import { breadcrumbsOf, documentTitleOf, HOME_TITLE, matchRoute, navHrefOf, PAGES, type PageRoute } from './routes';
import { SignInPage } from './pages/SignIn';

/*
 * A page whose chunk is in renders directly, not through React.lazy: a lazy
 * component suspends on its first render even when its module is loaded, and
 * React 19 then holds the content back for up to 300 ms after the fallback
 * (its Suspense reveal throttle). Only a page not yet loaded suspends. The
 * choice is made once per mount, so the element type never changes under a
 * mounted page.
 */
function pageComponent(key: PageKey): ComponentType<object> {
  const Lazy = lazy(() => loadPage(key).then((component) => ({ default: component })));
  return function Page(props: object) {
    const [component] = useState<ComponentType<object>>(() => loadedPage(key) ?? Lazy);
    return createElement(component, props);
  };
}

function elementOf(route: PageRoute): ReactElement {
  switch (route.page.kind) {
    case 'module':
      return createElement(pageComponent(route.id));
    case 'notAvailable':
      return <NotAvailable title={route.title} coming={route.page.coming} />;
    case 'redirect':
      return <Navigate to={route.page.to} replace />;
  }
}

/** One <Route> per entry of the page table, built once. */
const ROUTE_ELEMENTS = PAGES.map((route) => <Route key={route.id} path={route.path} element={elementOf(route)} />);

/** The side navigation, from the page table: in table order, consecutive pages of one section grouped. */
export function navItemsOf(pages: readonly PageRoute[]): SideNavigationProps.Item[] {
  const items: SideNavigationProps.Item[] = [];
  let section: { text: string; items: SideNavigationProps.Item[] } | undefined;
  for (const route of pages) {
    if (!route.nav) continue;
    if (route.nav.dividerBefore) items.push({ type: 'divider' });
    const link: SideNavigationProps.Item = { type: 'link', text: route.nav.label ?? route.title, href: route.path };
    if (!route.nav.section) {
      section = undefined;
      items.push(link);
    } else if (section?.text === route.nav.section) {
      section.items.push(link);
    } else {
      section = { text: route.nav.section, items: [link] };
      items.push({ type: 'section', text: section.text, items: section.items });
    }
  }
  return items;
}

export const NAV_ITEMS: SideNavigationProps.Item[] = navItemsOf(PAGES);

function goTo(url: string): void {
  window.location.assign(url);
}

/** `leave` is where sign-out sends the browser (the hosted UI's logout); tests pass a spy. `queryClient` is the entry's, holding what it prefetched. */
export function App({
  config,
  initialSession,
  initialNotice,
  leave = goTo,
  queryClient: given,
}: {
  config: RuntimeConfig;
  initialSession: Session | null;
  initialNotice?: string;
  leave?: (url: string) => void;
  queryClient?: QueryClient;
}) {
  const [queryClient] = useState(() => given ?? createQueryClient());
  const [session, setSession] = useState<Session | null>(initialSession);
  const [notice, setNotice] = useState<string | undefined>(initialNotice);

  const endSession = useCallback(
    (message?: string) => {
      clearSession();
      // The next user must not see this one's data, not even for a moment.
      queryClient.clear();
      setSession(null);
      setNotice(message);
    },
    [queryClient],
  );

  const signOut = useCallback(() => {
    const refreshToken = loadRefreshToken();
    endSession();
    if (config.mode === 'cognito') void signOutOfCognito(config, refreshToken, leave);
  }, [config, endSession, leave]);

  useTokenRefresh(config, session, { onRefreshed: setSession, onSessionEnded: () => endSession(SESSION_ENDED_NOTICE) });

  if (!session) {
    return (
      <SignInPage
        config={config}
        notice={notice}
        onSignedIn={(token) => {
          setNotice(undefined);
          setSession(saveToken(token));
        }}
      />
    );
  }
  return (
    <QueryClientProvider client={queryClient}>
      <SignedIn config={config} session={session} signOut={signOut} queryClient={queryClient} />
    </QueryClientProvider>
  );
}

function SignedIn({ config, session, signOut, queryClient }: { config: RuntimeConfig; session: Session; signOut: () => void; queryClient: QueryClient }) {
  const navigate = useNavigate();
  const location = useLocation();
  const [navigationOpen, setNavigationOpen] = useState(true);
  const apiBase = apiBaseOf(config);
  // The client outlives token renewals (pollers and running requests hold it), so it reads the current token on each call.
  const tokenRef = useRef(session.token);
  tokenRef.current = session.token;
  // AppLayout may fold the navigation away on its own (narrow content, modals); on a wide screen bring it back on each page.
  useEffect(() => {
    if (window.innerWidth >= 1024) setNavigationOpen(true);
  }, [location.pathname]);

  const client = useMemo(() => new ApiClient({ baseUrl: apiBase, getToken: () => tokenRef.current }), [apiBase]);
  const permissions = usePermissions(client, session);
  const value = useMemo<AppContextValue>(() => {
    return {
      config,
      session,
      client,
      signOut,
      can: (action: Action) => permissionFor(permissions, action).allowed,
      permission: (action: Action) => permissionFor(permissions, action),
      remedy: (error: unknown, action?: Action | string) =>
        remedyFor(error, {
          role: session.role,
          action: action === undefined ? undefined : action in ACTION_TEXT ? ACTION_TEXT[action as Action] : action,
          apiBase: apiBase.startsWith('/') ? `${window.location.origin}${apiBase}` : apiBase,
          local: config.mode === 'local',
        }),
    };
  }, [apiBase, client, config, permissions, session, signOut]);
  // A deep link opened before signing in: ask for its page's data now, not after the page's effects.
  useState(() => prefetchDeepLink(location.pathname, location.search, value.client, queryClient));

  const match = matchRoute(location.pathname);
  useEffect(() => {
    document.title = documentTitleOf(match.route);
  }, [match.route]);
  const activeHref = navHrefOf(match.route) ?? location.pathname;
  // The role the API acts on (GET /user/permissions); the token's until it answers.
  const role = permissions.status === 'ready' ? permissions.role : permissions.status === 'noRole' ? null : session.role;

  return (
    <AppContext.Provider value={value}>
      <div id="top-nav" style={{ position: 'sticky', top: 0, zIndex: 1002 }}>
        <TopNavigation
          identity={{
            href: '/',
            title: HOME_TITLE,
            onFollow: (event) => {
              event.preventDefault();
              navigate('/');
            },
          }}
          utilities={[
            {
              type: 'menu-dropdown',
              text: session.username,
              description: `Role: ${role ? ROLE_LABEL[role] : 'none'}`,
              iconName: 'user-profile',
              ariaLabel: `Signed in as ${session.username}, role ${role ? ROLE_LABEL[role] : 'none'}`,
              items: [{ id: 'role', text: `Role: ${role ? ROLE_LABEL[role] : 'none (ask an Admin to add you to a group)'}`, disabled: true }],
            },
            { type: 'button', text: 'Sign out', onClick: signOut },
          ]}
          i18nStrings={{ overflowMenuTriggerText: 'More', overflowMenuTitleText: 'All', searchIconAriaLabel: 'Search', searchDismissIconAriaLabel: 'Close search' }}
        />
      </div>
      <AppLayout
        headerSelector="#top-nav"
        navigationOpen={navigationOpen}
        onNavigationChange={({ detail }) => setNavigationOpen(detail.open)}
        navigation={<Navigation activeHref={activeHref} />}
        breadcrumbs={<Breadcrumbs items={breadcrumbsOf(match, location.pathname)} />}
        toolsHide
        ariaLabels={{ navigation: 'Side navigation', navigationClose: 'Close side navigation', navigationToggle: 'Open side navigation' }}
        content={<AppRoutes />}
      />
    </AppContext.Provider>
  );
}

function Navigation({ activeHref }: { activeHref: string }) {
  const follow = usePrefetchingNavigate();
  return (
    <SideNavigation
      header={{ text: HOME_TITLE, href: '/' }}
      activeHref={activeHref}
      items={NAV_ITEMS}
      onFollow={(event) => {
        if (event.detail.external) return;
        event.preventDefault();
        follow(event.detail.href);
      }}
    />
  );
}

function Breadcrumbs({ items }: { items: { text: string; href: string }[] }) {
  const follow = usePrefetchingNavigate();
  return (
    <BreadcrumbGroup
      items={items}
      ariaLabel="Breadcrumbs"
      expandAriaLabel="Show path"
      onFollow={(event) => {
        event.preventDefault();
        follow(event.detail.href);
      }}
    />
  );
}

export function AppRoutes() {
  return (
    <Suspense fallback={<StatusIndicator type="loading">Loading</StatusIndicator>}>
      <Routes>{ROUTE_ELEMENTS}</Routes>
    </Suspense>
  );
}
