import '@cloudscape-design/global-styles/index.css';
import type { QueryClient } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import type { RuntimeConfig } from './auth/config';
import { completeSignIn } from './auth/pkce';
import { resumeSession } from './auth/resume';
import { clearSession, saveTokens } from './auth/session';

/** Renders the console once the configuration and the page being opened are in (started by the entry, main.tsx). */
export async function boot(configLoad: Promise<RuntimeConfig>, pageLoad: Promise<unknown>, queryClient?: QueryClient): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  let config: RuntimeConfig;
  try {
    config = await configLoad;
  } catch (error) {
    root.render(<p role="alert">The console is misconfigured: {error instanceof Error ? error.message : String(error)}</p>);
    return;
  }
  let notice: string | undefined;
  if (config.mode === 'cognito') {
    try {
      const tokens = await completeSignIn(config, window.location.search);
      if (tokens) {
        // A new sign-in replaces whatever the tab still held, another user's refresh token included.
        clearSession();
        saveTokens(tokens);
        const returnTo = sessionStorage.getItem('drs-orch.return-to') ?? '/';
        sessionStorage.removeItem('drs-orch.return-to');
        window.history.replaceState(null, '', returnTo);
      }
    } catch (error) {
      notice = error instanceof Error ? error.message : 'Sign-in failed; sign in again.';
      window.history.replaceState(null, '', window.location.pathname);
    }
  }
  const [resumed] = await Promise.all([resumeSession(config), pageLoad]);
  root.render(
    <StrictMode>
      <BrowserRouter>
        <App config={config} initialSession={resumed.session} initialNotice={notice ?? resumed.notice} queryClient={queryClient} />
      </BrowserRouter>
    </StrictMode>,
  );
}

