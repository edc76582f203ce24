/** The API's roles, most powerful first (docs/api.md: Admin ⊃ RecoveryManager ⊃ PlanManager ⊃ Operator ⊃ ReadOnly). */
export const ROLES = ['Admin', 'RecoveryManager', 'PlanManager', 'Operator', 'ReadOnly'] as const;
export type Role = (typeof ROLES)[number];

/** The actions the console offers, each with the least role the API requires for it. */
export const ACTION_ROLE = {
  syncNow: 'Operator',
  terminateInstances: 'RecoveryManager',
  manageTargetAccounts: 'Admin',
  validateTargetAccount: 'Admin',
} as const satisfies Record<string, Role>;
export type Action = keyof typeof ACTION_ROLE;

/** What each action does, in words for "Your role X cannot <this>". */
export const ACTION_TEXT: Record<Action, string> = {
  syncNow: 'start a recovery instance sync',
  terminateInstances: 'terminate recovery instances',
  manageTargetAccounts: 'change target accounts',
  validateTargetAccount: 'validate target accounts',
};

function rank(role: Role): number {
  return ROLES.length - ROLES.indexOf(role);
}

export function hasRole(role: Role | null | undefined, least: Role): boolean {
  return role != null && rank(role) >= rank(least);
}

/** True when `role` may take `action`; the console hides the action otherwise (the API still enforces it). */
export function can(role: Role | null | undefined, action: Action): boolean {
  return hasRole(role, ACTION_ROLE[action]);
}

/**
 * The most powerful role among Cognito groups, as the API reads `cognito:groups`:
 * a JSON array, or a string such as `Admin`, `ReadOnly,Operator` or `[A B]`.
 * Group names match roles case-insensitively. Null when no group is a role.
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
