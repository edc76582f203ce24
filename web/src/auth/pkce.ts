import type { CognitoConfig } from './config';
import { COGNITO_TIMEOUT_MS, postForm } from './oauth-http';

/**
 * OAuth 2.0 authorization-code flow with PKCE (RFC 7636) against the Cognito
 * hosted UI, with fetch and Web Crypto only.
 */

export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(text: string): string {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** 43–128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1); 32 random bytes give 43. */
export function createCodeVerifier(byteLength = 32): string {
  const bytes = new Uint8Array(byteLength);
  crypto.getRandomValues(bytes);
  return base64UrlEncode(bytes);
}

/** S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export async function codeChallengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64UrlEncode(new Uint8Array(digest));
}

export function hostedUiBase(domain: string): string {
  const trimmed = domain.replace(/\/+$/, '');
  return /^https?:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`;
}

export function authorizeUrl(config: CognitoConfig, challenge: string, state: string): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  });
  return `${hostedUiBase(config.domain)}/oauth2/authorize?${params}`;
}

export function logoutUrl(config: CognitoConfig): string {
  const params = new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri });
  return `${hostedUiBase(config.domain)}/logout?${params}`;
}

export interface TokenSet {
  readonly idToken: string;
  readonly accessToken?: string;
  readonly refreshToken?: string;
  readonly expiresIn?: number;
}

/** Exchanges the authorization code at `https://<domain>/oauth2/token`. */
export async function exchangeCode(config: CognitoConfig, code: string, verifier: string, fetchImpl: typeof fetch = fetch): Promise<TokenSet> {
  let response: Response;
  try {
    // Bounded: the console renders nothing until the exchange ends, so a hung endpoint must not leave a blank page.
    response = await postForm(
      `${hostedUiBase(config.domain)}/oauth2/token`,
      { grant_type: 'authorization_code', client_id: config.clientId, code, redirect_uri: config.redirectUri, code_verifier: verifier },
      fetchImpl,
      COGNITO_TIMEOUT_MS,
    );
  } catch (error) {
    const why = (error as Error)?.name === 'AbortError' ? `no answer in ${COGNITO_TIMEOUT_MS / 1000} s` : error instanceof Error ? error.message : String(error);
    throw new Error(`Could not reach Cognito to finish signing in (${why}); check your connection and sign in again.`);
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.id_token !== 'string') {
    const reason = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    throw new Error(`Cognito refused the sign-in code (${reason}); sign in again.`);
  }
  return {
    idToken: body.id_token,
    accessToken: typeof body.access_token === 'string' ? body.access_token : undefined,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresIn: typeof body.expires_in === 'number' ? body.expires_in : undefined,
  };
}

const PKCE_KEY = 'drs-orch.pkce';

/** Starts the hosted UI sign-in: remembers verifier and state, returns the URL to go to. */
export async function beginSignIn(config: CognitoConfig, storage: Storage = sessionStorage): Promise<string> {
  const verifier = createCodeVerifier();
  const state = createCodeVerifier(16);
  storage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  return authorizeUrl(config, await codeChallengeOf(verifier), state);
}

/**
 * Finishes the sign-in when the URL carries `code` and `state`: checks the
 * state against the one stored, exchanges the code. Null when the URL has no code.
 */
export async function completeSignIn(config: CognitoConfig, search: string, storage: Storage = sessionStorage, fetchImpl: typeof fetch = fetch): Promise<TokenSet | null> {
  const params = new URLSearchParams(search);
  const error = params.get('error');
  if (error) throw new Error(`Sign-in failed: ${params.get('error_description') ?? error}`);
  const code = params.get('code');
  if (!code) return null;
  const stored = storage.getItem(PKCE_KEY);
  storage.removeItem(PKCE_KEY);
  const pending = stored ? (JSON.parse(stored) as { verifier: string; state: string }) : null;
  if (!pending || pending.state !== params.get('state')) throw new Error('The sign-in response does not match a sign-in started here; sign in again.');
  return exchangeCode(config, code, pending.verifier, fetchImpl);
}
