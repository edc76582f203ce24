import type { OperationPermission } from '../../../contracts/api/user';

/** The API's roles, most powerful first (docs/api.md: Admin ⊃ RecoveryManager ⊃ PlanManager ⊃ Operator ⊃ ReadOnly). */
export const ROLES = ['Admin', 'RecoveryManager', 'PlanManager', 'Operator', 'ReadOnly'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The actions the console offers, each named by the API operation it calls.
 * Which role an action needs is that operation's `access` in the route table,
 * read from GET /user/permissions: it is written once, in the API.
 */
export const ACTION_OPERATION = {
  syncNow: 'sync_recovery_instances',
  terminateInstances: 'terminate_selected_recovery_instances',
  terminateExecution: 'terminate_recovery_instances',
  addTargetAccount: 'create_target_account',
  editTargetAccount: 'update_target_account',
  removeTargetAccount: 'delete_target_account',
  validateTargetAccount: 'validate_target_account',
  startTagSync: 'start_tag_sync',
  editTagSyncSettings: 'update_tag_sync_settings',
} as const;
export type Action = keyof typeof ACTION_OPERATION;

/** What each action does, in words for "Your role X cannot <this>". */
export const ACTION_TEXT: Record<Action, string> = {
  syncNow: 'start a recovery instance sync',
  terminateInstances: 'terminate recovery instances',
  terminateExecution: 'terminate an execution\'s recovery instances',
  addTargetAccount: 'add target accounts',
  editTargetAccount: 'change target accounts',
  removeTargetAccount: 'remove target accounts',
  validateTargetAccount: 'validate target accounts',
  startTagSync: 'start a tag sync',
  editTagSyncSettings: 'change the tag-sync settings',
};

/** What the console knows of the caller's permissions: loading, the API's answer, or why it has none. */
export type PermissionState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly role: Role | null; readonly operations: readonly OperationPermission[] }
  /** GET /user/permissions answered 403: the user is in no role group. */
  | { readonly status: 'noRole' }
  | { readonly status: 'error'; readonly message: string };

/** May the user take an action, and if not, why (shown as the disabled control's reason). */
export interface Permission {
  readonly allowed: boolean;
  readonly reason?: string;
}

export function permissionFor(state: PermissionState, action: Action): Permission {
  switch (state.status) {
    case 'loading':
      return { allowed: false, reason: 'Checking your permissions…' };
    case 'error':
      return { allowed: false, reason: `Could not load your permissions: ${state.message}` };
    case 'noRole':
      return { allowed: false, reason: 'You are in no role group; ask an Admin to add you to one.' };
    case 'ready': {
      const operation = state.operations.find((o) => o.operationId === ACTION_OPERATION[action]);
      if (!operation) return { allowed: false, reason: 'The API does not offer this action.' };
      if (operation.allowed) return { allowed: true };
      return { allowed: false, reason: `Requires ${operation.access}; your role is ${state.role ?? 'none'}.` };
    }
  }
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

function rank(role: Role): number {
  return ROLES.length - ROLES.indexOf(role);
}

export function hasRole(role: Role | null | undefined, least: Role): boolean {
  return role != null && rank(role) >= rank(least);
}

/**
 * The most powerful role among Cognito groups, as the API reads `cognito:groups`:
 * a JSON array, or a string such as `Admin`, `ReadOnly,Operator` or `[A B]`.
 * Group names match roles case-insensitively. Null when no group is a role.
 * The console shows it as who is signed in; what the user may do comes from
 * the API (permissionFor), never from the token.
 */
export function roleFromGroups(groups: unknown): Role | null {
  let names: string[] = [];
  if (Array.isArray(groups)) names = groups.filter((g): g is string => typeof g === 'string');
  else if (typeof groups === 'string') names = groups.replace(/^\[|\]$/g, '').split(/[\s,]+/);
  let best: Role | null = null;
  for (const name of names) {
    const role = ROLES.find((r) => r.toLowerCase() === name.trim().toLowerCase());
    if (role && (best === null || rank(role) > rank(best))) best = role;
  }
  return best;
}

export const ROLE_LABEL: Record<Role, string> = {
  Admin: 'Admin',
  RecoveryManager: 'Recovery manager',
  PlanManager: 'Plan manager',
  Operator: 'Operator',
  ReadOnly: 'Read only',
};
