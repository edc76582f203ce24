import AppLayout from '@cloudscape-design/components/app-layout';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import SideNavigation, { type SideNavigationProps } from '@cloudscape-design/components/side-navigation';
import TopNavigation from '@cloudscape-design/components/top-navigation';
import { createElement, lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ComponentType } from 'react';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { ApiClient, remedyFor } from './api/client';
import { AppContext, type AppContextValue } from './app-context';
import type { RuntimeConfig } from './auth/config';
import { apiBaseOf } from './auth/config';
import { SESSION_ENDED_NOTICE } from './auth/refresh';
import { clearSession, loadRefreshToken, saveToken, type Session } from './auth/session';
import { signOutOfCognito } from './auth/sign-out';
import { useTokenRefresh } from './auth/use-token-refresh';
import { NotAvailable } from './components/NotAvailable';
import { loadedPage, loadPage, type PageKey } from './page-modules';
import { prefetchDeepLink } from './lib/deep-link';
import { ACTION_TEXT, can, ROLE_LABEL, type Action } from './lib/roles';
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

const DashboardPage = pageComponent('dashboard');
const RecoveryPlansPage = pageComponent('recoveryPlans');
const RecoveryInstancesPage = pageComponent('recoveryInstances');
const SyncStatusPage = pageComponent('syncStatus');
const SfnExecutionPage = pageComponent('sfnExecution');
const TargetAccountsPage = pageComponent('targetAccounts');

export const NAV_ITEMS: SideNavigationProps.Item[] = [
  { type: 'link', text: 'Dashboard', href: '/' },
  { type: 'link', text: 'Protection groups', href: '/protection-groups' },
  { type: 'link', text: 'Recovery plans', href: '/recovery-plans' },
  { type: 'link', text: 'Recovery instances', href: '/recovery-instances' },
  { type: 'link', text: 'Executions', href: '/executions' },
  { type: 'link', text: 'Failover sessions', href: '/failover-sessions' },
  { type: 'link', text: 'Launch targets', href: '/launch-targets' },
  {
    type: 'section',
    text: 'Estate',
    items: [
      { type: 'link', text: 'Regions', href: '/estate/regions' },
      { type: 'link', text: 'Inventory', href: '/estate/inventory' },
      { type: 'link', text: 'Staging accounts', href: '/estate/staging-accounts' },
    ],
  },
  { type: 'link', text: 'Sync status', href: '/sync-status' },
  { type: 'divider' },
  { type: 'section', text: 'Settings', items: [{ type: 'link', text: 'Target accounts', href: '/settings/target-accounts' }] },
];

function goTo(url: string): void {
  window.location.assign(url);
}

/** `leave` is where sign-out sends the browser (the hosted UI's logout); tests pass a spy. */
export function App({ config, initialSession, initialNotice, leave = goTo }: { config: RuntimeConfig; initialSession: Session | null; initialNotice?: string; leave?: (url: string) => void }) {
  const [session, setSession] = useState<Session | null>(initialSession);
  const [notice, setNotice] = useState<string | undefined>(initialNotice);

  const endSession = useCallback((message?: string) => {
    clearSession();
    setSession(null);
    setNotice(message);
  }, []);

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
  return <SignedIn config={config} session={session} signOut={signOut} />;
}

function SignedIn({ config, session, signOut }: { config: RuntimeConfig; session: Session; signOut: () => void }) {
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
  const value = useMemo<AppContextValue>(() => {
    return {
      config,
      session,
      client,
      signOut,
      can: (action: Action) => can(session.role, action),
      remedy: (error: unknown, action?: Action | string) =>
        remedyFor(error, {
          role: session.role,
          action: action === undefined ? undefined : action in ACTION_TEXT ? ACTION_TEXT[action as Action] : action,
          apiBase: apiBase.startsWith('/') ? `${window.location.origin}${apiBase}` : apiBase,
          local: config.mode === 'local',
        }),
    };
  }, [apiBase, client, config, session, signOut]);
  // A deep link to a plan opened before signing in: send its check now, not after the page's effects.
  useState(() => prefetchDeepLink(location.pathname, location.search, value.client));

  const follow: SideNavigationProps['onFollow'] = (event) => {
    if (event.detail.external) return;
    event.preventDefault();
    navigate(event.detail.href);
  };
  const activeHref = location.pathname.startsWith('/executions/sfn/') ? '/sync-status' : location.pathname;

  return (
    <AppContext.Provider value={value}>
      <div id="top-nav" style={{ position: 'sticky', top: 0, zIndex: 1002 }}>
        <TopNavigation
          identity={{
            href: '/',
            title: 'DRS Orchestrator',
            onFollow: (event) => {
              event.preventDefault();
              navigate('/');
            },
          }}
          utilities={[
            {
              type: 'menu-dropdown',
              text: session.username,
              description: `Role: ${session.role ? ROLE_LABEL[session.role] : 'none'}`,
              iconName: 'user-profile',
              ariaLabel: `Signed in as ${session.username}, role ${session.role ? ROLE_LABEL[session.role] : 'none'}`,
              items: [{ id: 'role', text: `Role: ${session.role ? ROLE_LABEL[session.role] : 'none (ask an Admin to add you to a group)'}`, disabled: true }],
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
        navigation={<SideNavigation header={{ text: 'DRS Orchestrator', href: '/' }} activeHref={activeHref} items={NAV_ITEMS} onFollow={follow} />}
        toolsHide
        ariaLabels={{ navigation: 'Side navigation', navigationClose: 'Close side navigation', navigationToggle: 'Open side navigation' }}
        content={<AppRoutes />}
      />
    </AppContext.Provider>
  );
}

export function AppRoutes() {
  return (
    <Suspense fallback={<StatusIndicator type="loading">Loading</StatusIndicator>}>
      <Routes>
      <Route path="/" element={<DashboardPage />} />
      <Route path="/recovery-plans" element={<RecoveryPlansPage />} />
      <Route path="/recovery-instances" element={<RecoveryInstancesPage />} />
      <Route path="/sync-status" element={<SyncStatusPage />} />
      <Route path="/executions/sfn/:arn" element={<SfnExecutionPage />} />
      <Route path="/settings/target-accounts" element={<TargetAccountsPage />} />
      <Route path="/protection-groups" element={<NotAvailable title="Protection groups" coming="creating and editing protection groups of DRS source servers (by tag or by server), with their launch settings." />} />
      <Route path="/executions" element={<NotAvailable title="Executions" coming="drills and recoveries of recovery plans, wave by wave, with live progress, pause/resume and cancel." />} />
      <Route path="/failover-sessions" element={<NotAvailable title="Failover sessions" coming="failback after a real failover: agent re-install, reverse replication, failback, re-protection and clean-up." />} />
      <Route path="/launch-targets" element={<NotAvailable title="Launch targets" coming="pre-provisioned EC2 instances for launch into instance (tag AWSDRS=AllowLaunchingIntoThisInstance)." />} />
      <Route path="/estate/regions" element={<NotAvailable title="Regions" coming="DRS initialization and replication health per account and region." />} />
      <Route path="/estate/inventory" element={<NotAvailable title="Inventory" coming="DRS source servers across accounts and regions, with their replication state and lag." />} />
      <Route path="/estate/staging-accounts" element={<NotAvailable title="Staging accounts" coming="replication staging accounts and their extended source servers." />} />
      <Route path="/settings" element={<TargetAccountsPage />} />
      <Route path="*" element={<NotAvailable title="Page not found" coming="there is no page at this address. Use the navigation to find what you need." />} />
      </Routes>
    </Suspense>
  );
}
