import type { FromSchema } from 'json-schema-to-ts';
import { accountIdSchema } from '../common';

/*
 * The identity routes the original platform's console calls: who the caller
 * is, which roles they act with, what they may call, and which account the
 * orchestrator runs in. Roles and route access are names the API defines in
 * api/auth/roles.ts and the route table; they are listed here as enums so the
 * OpenAPI document states them.
 */

const ROLE_NAMES = ['Admin', 'RecoveryManager', 'PlanManager', 'Operator', 'ReadOnly'] as const;
const roleSchema = { type: 'string', enum: ROLE_NAMES } as const;
const nullableRoleSchema = { type: ['string', 'null'], enum: [...ROLE_NAMES, null], description: 'The most powerful role the caller holds; null when none.' } as const;

/** `get_user_profile`, `get_user_roles`, `get_user_permissions` and `get_current_account` take no parameters. */
export const noQuerySchema = { type: 'object', additionalProperties: false, properties: {} } as const;
export type NoQuery = FromSchema<typeof noQuerySchema>;

export const userProfileSchema = {
  title: 'UserProfile',
  type: 'object',
  additionalProperties: false,
  required: ['username', 'kind', 'role'],
  properties: {
    username: { type: 'string', minLength: 1, description: 'cognito:username (or the local user name); `system` for a direct invocation.' },
    kind: { type: 'string', enum: ['user', 'system'], description: '`user` through API Gateway with a token; `system` for a direct or scheduled invocation.' },
    role: nullableRoleSchema,
  },
} as const;
export type UserProfile = FromSchema<typeof userProfileSchema>;

export const userRolesSchema = {
  title: 'UserRoles',
  type: 'object',
  additionalProperties: false,
  required: ['role', 'roles', 'allRoles'],
  properties: {
    role: nullableRoleSchema,
    roles: {
      type: 'array',
      items: roleSchema,
      description: 'The role and every role it includes, most powerful first (Admin ⊃ RecoveryManager ⊃ PlanManager ⊃ Operator ⊃ ReadOnly). Empty without a role.',
    },
    allRoles: { type: 'array', items: roleSchema, description: 'Every role of the orchestrator, most powerful first. In AWS each is a Cognito group of that name.' },
  },
} as const;
export type UserRoles = FromSchema<typeof userRolesSchema>;

export const userPermissionsSchema = {
  title: 'UserPermissions',
  type: 'object',
  additionalProperties: false,
  required: ['role', 'operations'],
  properties: {
    role: nullableRoleSchema,
    operations: {
      type: 'array',
      description: 'Every operation of the API, from the route table: the least role it needs, and whether the caller holds it. What a console enables or disables.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['operationId', 'method', 'path', 'access', 'allowed'],
        properties: {
          operationId: { type: 'string', minLength: 1 },
          method: { type: 'string', enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
          path: { type: 'string', minLength: 1 },
          access: { type: 'string', enum: [...ROLE_NAMES, 'Public'], description: 'The least role that may call it, or Public.' },
          allowed: { type: 'boolean' },
        },
      },
    },
  },
} as const;
export type UserPermissions = FromSchema<typeof userPermissionsSchema>;
export type OperationPermission = UserPermissions['operations'][number];

export const currentAccountSchema = {
  title: 'CurrentAccount',
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'accountName', 'isCurrentAccount', 'region', 'stepFunctionsEndpoint'],
  properties: {
    accountId: { ...accountIdSchema, type: ['string', 'null'], description: 'The hub: the account the orchestrator runs in (HUB_ACCOUNT_ID); null when it is not configured.' },
    accountName: { type: ['string', 'null'], description: 'Its name as a registered target account; null when it is not registered.' },
    isCurrentAccount: { type: 'boolean', enum: [true], description: 'Always true: this is the account the API runs in.' },
    region: { type: ['string', 'null'], description: 'The region the orchestrator (API, state machines) runs in.' },
    stepFunctionsEndpoint: {
      type: ['string', 'null'],
      description: 'The Step Functions endpoint the orchestrator calls when it is not the public AWS one (AWS_ENDPOINT_URL_SFN, e.g. the local engine); null in AWS.',
    },
  },
} as const;
export type CurrentAccount = FromSchema<typeof currentAccountSchema>;
