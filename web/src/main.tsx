import { ApiClient } from './api/client';
import { apiBaseOf, loadConfig } from './auth/config';
import { isExpired, loadSession } from './auth/session';
import { prefetchDeepLink } from './lib/deep-link';
import { createQueryClient } from './lib/query-client';
import { syncServerClock } from './lib/server-clock';
import { loadOtherPagesWhenIdle, loadPage, pageKeyOf } from './page-modules';

/*
 * The entry holds no React and no Cloudscape, so it runs as soon as
 * index.html is parsed. It starts at once, in parallel, everything the first
 * render needs — /config.json, the shell's code, the code of the page being
 * opened and, for a signed-in user, the data that page asks first (its
 * route's prefetch, into the query cache the app then reads) — and the shell
 * renders when its code, the configuration and the page are in (and the
 * data, or FIRST_ANSWER_WAIT_MS have passed).
 */
const config = loadConfig();
// "x minutes ago" reads the server's clock: virtual time on the local platform.
config.then((loaded) => syncServerClock(apiBaseOf(loaded)), () => undefined);
// The shell's code is the largest download and on the critical path: asked for first.
const shell = import('./boot');
const pageKey = pageKeyOf(window.location.pathname);
// A page that fails to load here suspends when rendered and is tried again then.
const page = pageKey ? loadPage(pageKey).catch(() => undefined) : Promise.resolve(undefined);
const queryClient = createQueryClient();
const session = loadSession();
const firstData =
  session && !isExpired(session)
    ? config.then(
        (loaded) => prefetchDeepLink(window.location.pathname, window.location.search, new ApiClient({ baseUrl: apiBaseOf(loaded), getToken: () => session.token }), queryClient),
        () => undefined, // boot reports a bad configuration
      )
    : undefined;
shell
  .then(({ boot }) => boot(config, Promise.all([page, firstData]), queryClient))
  .then(
    () => loadOtherPagesWhenIdle(pageKey),
    (error: unknown) => {
      const root = document.getElementById('root');
      if (root) root.textContent = `The console could not load (${error instanceof Error ? error.message : String(error)}). Reload the page.`;
    },
  );
