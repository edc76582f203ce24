import type { CognitoConfig } from '../src/auth/config';
import { base64UrlEncode } from '../src/auth/pkce';

/** A console configuration in cognito mode, as the console stack writes it. */
export const COGNITO_CONFIG: CognitoConfig = {
  mode: 'cognito',
  apiUrl: 'https://api.example.com/api',
  userPoolId: 'eu-west-1_abc',
  clientId: 'client123',
  domain: 'drs.auth.eu-west-1.amazoncognito.com',
  region: 'eu-west-1',
  redirectUri: 'https://console.example.com/',
};

/** An unsigned JWT with these claims: the console reads ID tokens, it never verifies them (the API does). */
export function jwt(claims: Record<string, unknown>): string {
  const enc = (v: unknown) => base64UrlEncode(new TextEncoder().encode(JSON.stringify(v)));
  return `${enc({ alg: 'RS256' })}.${enc(claims)}.sig`;
}
