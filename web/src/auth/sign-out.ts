import type { CognitoConfig } from './config';
import { logoutUrl } from './pkce';
import { revokeRefreshToken } from './refresh';

/**
 * Leaves a Cognito session: revokes the refresh token, then ends the hosted
 * UI's own session at its logout endpoint (or its cookie would sign the next
 * "Sign in with Cognito" straight back in). The revocation is awaited, or the
 * navigation would cancel it, but it cannot stop the sign-out.
 */
export async function signOutOfCognito(config: CognitoConfig, refreshToken: string | null, leave: (url: string) => void, fetchImpl: typeof fetch = fetch): Promise<void> {
  if (refreshToken) await revokeRefreshToken(config, refreshToken, fetchImpl);
  leave(logoutUrl(config));
}
