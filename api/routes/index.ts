import type { Route } from '../framework/route';
import { executionRoutes } from './executions';
import { healthRoutes } from './health';
import { inventoryRoutes } from './inventory';
import { recoveryInstanceRoutes } from './recovery-instances';
import { recoveryPlanRoutes } from './recovery-plans';
import { regionRoutes } from './regions';
import { capacityRoutes } from './capacity';
import { stagingAccountRoutes } from './staging-accounts';
import { tagSyncRoutes } from './tag-sync';
import { targetAccountRoutes } from './target-accounts';
import { userRoutes } from './user';

/**
 * The route table: every operation of the API, in every invocation form, and
 * the source of the OpenAPI document. To add a resource, write
 * `api/routes/<resource>.ts` exporting its routes and add one line here.
 */
export const routes: readonly Route[] = [
  ...healthRoutes,
  ...targetAccountRoutes,
  ...recoveryPlanRoutes,
  ...recoveryInstanceRoutes,
  ...executionRoutes,
  ...regionRoutes,
  ...tagSyncRoutes,
  ...stagingAccountRoutes,
  ...capacityRoutes,
  ...inventoryRoutes,
  // The identity routes list the whole table (get_user_permissions), so they read it once it exists.
  ...userRoutes(() => routes),
];
