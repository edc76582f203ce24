import type { Role } from '../lib/roles';
import { roleFromGroups } from '../lib/roles';
import type { TokenSet } from './pkce';
import { base64UrlDecode } from './pkce';

export interface Session {
  readonly token: string;
  readonly username: string;
  /** Null: signed in but in no role group, so the API answers 403 everywhere. */
  readonly role: Role | null;
  /** Epoch seconds, when the token says. */
  readonly expiresAt?: number;
}

export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = JSON.parse(base64UrlDecode(parts[1]!)) as unknown;
    return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The user behind a token. Cognito ID tokens and local tokens are JWTs with
 * `cognito:groups`. A token that is not a JWT can only be the local
 * DRS_ORCH_ADMIN_TOKEN, which the local server accepts as the admin's.
 */
export function sessionFromToken(token: string): Session {
  const claims = decodeJwtPayload(token);
  if (!claims) return { token, username: 'admin', role: 'Admin' };
  const username = [claims['cognito:username'], claims.email, claims.sub].find((v): v is string => typeof v === 'string' && v.length > 0) ?? 'user';
  return {
    token,
    username,
    role: roleFromGroups(claims['cognito:groups']),
    expiresAt: typeof claims.exp === 'number' ? claims.exp : undefined,
  };
}

export function isExpired(session: Session, nowMs: number = Date.now()): boolean {
  return session.expiresAt !== undefined && session.expiresAt * 1000 <= nowMs;
}

const TOKEN_KEY = 'drs-orch.token';
const REFRESH_TOKEN_KEY = 'drs-orch.refresh-token';

export function loadSession(storage: Storage = sessionStorage): Session | null {
  const token = storage.getItem(TOKEN_KEY);
  if (!token) return null;
  const session = sessionFromToken(token);
  if (isExpired(session)) {
    storage.removeItem(TOKEN_KEY);
    return null;
  }
  return session;
}

export function saveToken(token: string, storage: Storage = sessionStorage): Session {
  storage.setItem(TOKEN_KEY, token);
  return sessionFromToken(token);
}

/**
 * Keeps the ID token and, when the answer has one, the refresh token. Cognito
 * answers a refresh without a new refresh token: the old one stays valid and
 * must be kept.
 */
export function saveTokens(tokens: TokenSet, storage: Storage = sessionStorage): Session {
  if (tokens.refreshToken) storage.setItem(REFRESH_TOKEN_KEY, tokens.refreshToken);
  return saveToken(tokens.idToken, storage);
}

export function loadRefreshToken(storage: Storage = sessionStorage): string | null {
  return storage.getItem(REFRESH_TOKEN_KEY);
}

export function clearSession(storage: Storage = sessionStorage): void {
  storage.removeItem(TOKEN_KEY);
  storage.removeItem(REFRESH_TOKEN_KEY);
}
