import type { Route } from '../framework/route';
import { executionRoutes } from './executions';
import { healthRoutes } from './health';
import { recoveryInstanceRoutes } from './recovery-instances';
import { recoveryPlanRoutes } from './recovery-plans';
import { targetAccountRoutes } from './target-accounts';

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
];
