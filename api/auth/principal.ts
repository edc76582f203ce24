import { highestRole, type Role } from './roles';

/** Who is calling, as the route handlers see it. */
export interface Principal {
  /** `user` came through API Gateway with a Cognito (or local) token; `system` is a direct or scheduled Lambda invocation. */
  readonly kind: 'user' | 'system';
  /** Username for audit fields and logs; never a token. */
  readonly username: string;
  /** The most powerful role the caller holds, or null when it holds none. */
  readonly role: Role | null;
}

/**
 * The principal of direct and scheduled invocations. Only IAM principals with
 * lambda:InvokeFunction on the API function (and EventBridge rules we define)
 * can invoke it that way, so they act as Admin unless they name a principal.
 */
export const SYSTEM_PRINCIPAL: Principal = { kind: 'system', username: 'system', role: 'Admin' };

/** Claims as API Gateway's Cognito authorizer passes them: every value a string. */
export type AuthorizerClaims = Readonly<Record<string, unknown>>;

/**
 * API Gateway REST APIs flatten `cognito:groups` into a string: one group is
 * `Admin`, several are comma separated, and some integrations print the list
 * as `[Admin Operator]`. A JSON array (local tokens, tests) is accepted too.
 */
export function groupsFromClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.includes('"')) {
    try {
      return groupsFromClaim(JSON.parse(trimmed));
    } catch {
      // Not JSON after all; fall through to the flattened forms.
    }
  }
  return trimmed
    .replace(/^\[|\]$/g, '')
    .split(/[,\s]+/)
    .filter((g) => g.length > 0);
}

/** The principal behind Cognito authorizer claims, or null when there are no claims (no authorizer ran). */
export function principalFromClaims(claims: AuthorizerClaims | null | undefined): Principal | null {
  if (!claims || typeof claims !== 'object') return null;
  const username = claims['cognito:username'] ?? claims.username ?? claims.sub;
  if (typeof username !== 'string' || username.length === 0) return null;
  return { kind: 'user', username, role: highestRole(groupsFromClaim(claims['cognito:groups'])) };
}
