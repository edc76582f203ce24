/**
 * The orchestrator's roles, most powerful first. Each role can do everything
 * the roles after it can. In AWS they are Cognito user pool groups of the same
 * names; a user in several groups acts with the most powerful one.
 */
export const ROLES = ['Admin', 'RecoveryManager', 'PlanManager', 'Operator', 'ReadOnly'] as const;

export type Role = (typeof ROLES)[number];

/** The least "role" of a route anyone may call without a token, such as GET /health. */
export const PUBLIC = 'Public' as const;

/** What a route demands: a least role, or nothing at all. */
export type Access = Role | typeof PUBLIC;

const rank = (role: Role): number => ROLES.length - ROLES.indexOf(role);

/** True when `role` is `least` or more powerful. */
export function hasRole(role: Role | null, least: Role): boolean {
  return role !== null && rank(role) >= rank(least);
}

/** The most powerful role among `groups`, matched case-insensitively; null when none is a role. */
export function highestRole(groups: readonly string[]): Role | null {
  const wanted = new Set(groups.map((g) => g.trim().toLowerCase()));
  return ROLES.find((role) => wanted.has(role.toLowerCase())) ?? null;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
