import type { CognitoConfig } from './config';
import type { TokenSet } from './pkce';
import { COGNITO_TIMEOUT_MS, postForm, REVOKE_TIMEOUT_MS } from './oauth-http';
import { hostedUiBase } from './pkce';

/**
 * Renewing the ID token with the refresh token, and revoking the refresh
 * token at sign-out, at the Cognito hosted UI's OAuth 2.0 endpoints. The app
 * client is public (no secret): the client id is all it sends.
 */

export const SESSION_ENDED_NOTICE = 'Your session ended; sign in again.';
export const COGNITO_UNREACHABLE_NOTICE = 'Could not reach Cognito to renew your session; check your connection and reload, or sign in again.';

/** Cognito refused the refresh token (expired after 12 h, revoked, or the app client changed): only a new sign-in helps. */
export class SessionEndedError extends Error {
  override readonly name = 'SessionEndedError';
  constructor(readonly reason: string) {
    super(`Cognito refused the refresh token (${reason})`);
  }
}

/** No answer from Cognito, or not one about the token (5xx, throttling, a proxy's page): the refresh token may still be good, try again later. */
export class CognitoUnreachableError extends Error {
  override readonly name = 'CognitoUnreachableError';
}

function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/** New ID (and access) tokens for a refresh token, at `https://<domain>/oauth2/token`. */
export async function refreshTokens(config: CognitoConfig, refreshToken: string, fetchImpl: typeof fetch = fetch): Promise<TokenSet> {
  let response: Response;
  try {
    response = await postForm(`${hostedUiBase(config.domain)}/oauth2/token`, { grant_type: 'refresh_token', client_id: config.clientId, refresh_token: refreshToken }, fetchImpl, COGNITO_TIMEOUT_MS);
  } catch (error) {
    throw new CognitoUnreachableError(`Cannot reach Cognito (${error instanceof Error ? error.message : String(error)})`);
  }
  if (isRetryableStatus(response.status)) throw new CognitoUnreachableError(`Cognito answered HTTP ${response.status}`);
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new SessionEndedError(typeof body.error === 'string' ? body.error : `HTTP ${response.status}`);
  if (typeof body.id_token !== 'string') throw new CognitoUnreachableError('The answer to the refresh has no ID token');
  return {
    idToken: body.id_token,
    accessToken: typeof body.access_token === 'string' ? body.access_token : undefined,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresIn: typeof body.expires_in === 'number' ? body.expires_in : undefined,
  };
}

/**
 * Revokes the refresh token at `https://<domain>/oauth2/revoke`, so a copy of
 * it (the tab's storage, a shared machine) cannot mint tokens for the rest of
 * its 12 hours. Best effort: sign-out goes on whatever happens, so this never throws.
 */
export async function revokeRefreshToken(config: CognitoConfig, refreshToken: string, fetchImpl: typeof fetch = fetch): Promise<boolean> {
  try {
    const response = await postForm(`${hostedUiBase(config.domain)}/oauth2/revoke`, { token: refreshToken, client_id: config.clientId }, fetchImpl, REVOKE_TIMEOUT_MS);
    return response.ok;
  } catch {
    return false;
  }
}
