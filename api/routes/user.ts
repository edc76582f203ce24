import {
  currentAccountSchema,
  noQuerySchema,
  userPermissionsSchema,
  userProfileSchema,
  userRolesSchema,
  type CurrentAccount,
  type NoQuery,
  type UserPermissions,
  type UserProfile,
  type UserRoles,
} from '../../contracts/api/user';
import { PUBLIC, ROLES, hasRole } from '../auth/roles';
import type { Principal } from '../auth/principal';
import { defineRoute, type Route } from '../framework/route';

const TAG = 'Identity';

function permissionsOf(principal: Principal, table: readonly Route[]): UserPermissions {
  return {
    role: principal.role,
    operations: table.map(({ operationId, method, path, access }) => ({
      operationId,
      method,
      path,
      access,
      allowed: access === PUBLIC || hasRole(principal.role, access),
    })),
  };
}

/**
 * Who is calling and what they may do, and where the orchestrator runs. The
 * permissions come from the route table itself (each route's `access`), so
 * the role an action needs is written once; `table` is the whole table,
 * passed in so that this module does not import the table that lists it.
 */
export function userRoutes(table: () => readonly Route[]): readonly Route[] {
  return [
    defineRoute<{ query: NoQuery; response: UserProfile }>({
      operationId: 'get_user_profile',
      method: 'GET',
      path: '/user/profile',
      tag: TAG,
      summary: 'Who the caller is',
      description: 'The caller as the API sees it: user name and the most powerful role among its groups.',
      access: 'ReadOnly',
      effect: 'read',
      querySchema: noQuerySchema,
      response: { status: 200, description: 'The caller.', schema: userProfileSchema },
      handle: async ({ principal }) => ({ username: principal.username, kind: principal.kind, role: principal.role }),
    }),
    defineRoute<{ query: NoQuery; response: UserRoles }>({
      operationId: 'get_user_roles',
      method: 'GET',
      path: '/user/roles',
      tag: TAG,
      summary: 'The roles the caller acts with',
      access: 'ReadOnly',
      effect: 'read',
      querySchema: noQuerySchema,
      response: { status: 200, description: 'The caller\'s role and the roles it includes.', schema: userRolesSchema },
      handle: async ({ principal }) => ({
        role: principal.role,
        roles: ROLES.filter((role) => hasRole(principal.role, role)),
        allRoles: [...ROLES],
      }),
    }),
    defineRoute<{ query: NoQuery; response: UserPermissions }>({
      operationId: 'get_user_permissions',
      method: 'GET',
      path: '/user/permissions',
      tag: TAG,
      summary: 'What the caller may call',
      description: 'Every operation of the route table with the least role it needs and whether the caller holds it. The API enforces the same table on every call.',
      access: 'ReadOnly',
      effect: 'read',
      querySchema: noQuerySchema,
      response: { status: 200, description: 'Each operation, allowed or not.', schema: userPermissionsSchema },
      handle: async ({ principal }) => permissionsOf(principal, table()),
    }),
    defineRoute<{ query: NoQuery; response: CurrentAccount }>({
      operationId: 'get_current_account',
      method: 'GET',
      path: '/accounts/current',
      tag: TAG,
      summary: 'The account and region the orchestrator runs in',
      description:
        'The hub account (HUB_ACCOUNT_ID) with its registered name, the region, and the Step Functions endpoint the orchestrator calls when it is not the public one ' +
        '(so that a console can print a working CLI command for an execution).',
      access: 'ReadOnly',
      effect: 'read',
      querySchema: noQuerySchema,
      response: { status: 200, description: 'Where the orchestrator runs.', schema: currentAccountSchema },
      handle: async (_request, { hubAccountId, targetAccounts }) => {
        const registered = hubAccountId ? await targetAccounts.get(hubAccountId) : undefined;
        return {
          accountId: hubAccountId ?? null,
          accountName: registered?.name ?? null,
          isCurrentAccount: true,
          region: process.env.AWS_REGION || null,
          stepFunctionsEndpoint: process.env.AWS_ENDPOINT_URL_SFN || null,
        };
      },
    }),
  ];
}
