import type { ApiClient } from '../api/client';
import { checkExistingKey, prefetch } from './prefetch';

/**
 * For a link to a plan (`/recovery-plans?plan=<planId>`), sends the plan's
 * check-existing request now, so that its answer is in by the time the page
 * renders: at boot while the console's code downloads, or at sign-in.
 * Returns the prefetch key, when there is a plan.
 */
export function prefetchDeepLink(pathname: string, search: string, client: Pick<ApiClient, 'checkExistingInstances'>): string | undefined {
  const planId = pathname === '/recovery-plans' ? new URLSearchParams(search).get('plan') : null;
  if (!planId) return undefined;
  const key = checkExistingKey(planId);
  prefetch(key, () => client.checkExistingInstances(planId));
  return key;
}
