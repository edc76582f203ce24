import { ApiClient } from './api/client';
import { apiBaseOf, loadConfig } from './auth/config';
import { isExpired, loadSession } from './auth/session';
import { prefetchDeepLink } from './lib/deep-link';
import { loadOtherPagesWhenIdle, loadPage, pageKeyOf } from './page-modules';

/*
 * The entry holds no React and no Cloudscape, so it runs as soon as
 * index.html is parsed. It starts at once, in parallel, everything the first
 * render needs — /config.json, the shell's code, the code of the page being
 * opened and, for a signed-in deep link to a plan, the plan's data — and the
 * shell renders when its code, the configuration and the page are in.
 */
const config = loadConfig();
// The shell's code is the largest download and on the critical path: asked for first.
const shell = import('./boot');
const pageKey = pageKeyOf(window.location.pathname);
// A page that fails to load here suspends when rendered and is tried again then.
const page = pageKey ? loadPage(pageKey).catch(() => undefined) : Promise.resolve(undefined);
const session = loadSession();
if (session && !isExpired(session)) {
  void config.then(
    (loaded) => prefetchDeepLink(window.location.pathname, window.location.search, new ApiClient({ baseUrl: apiBaseOf(loaded), getToken: () => session.token })),
    () => undefined, // boot reports a bad configuration
  );
}
shell
  .then(({ boot }) => boot(config, page))
  .then(
    () => loadOtherPagesWhenIdle(pageKey),
    (error: unknown) => {
      const root = document.getElementById('root');
      if (root) root.textContent = `The console could not load (${error instanceof Error ? error.message : String(error)}). Reload the page.`;
    },
  );
