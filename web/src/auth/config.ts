/**
 * The console's runtime configuration, read from `/config.json` at start so
 * one build runs anywhere: the console stack writes it next to index.html in
 * AWS; locally there is none (404, or the SPA fallback's HTML) and the console
 * signs in with local tokens against the same-origin `/api`.
 */
export interface LocalConfig {
  readonly mode: 'local';
  /** @default '/api' */
  readonly apiUrl?: string;
}

export interface CognitoConfig {
  readonly mode: 'cognito';
  readonly apiUrl: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The hosted UI domain, e.g. `my-app.auth.eu-west-1.amazoncognito.com` (with or without https://). */
  readonly domain: string;
  readonly region: string;
  readonly redirectUri: string;
}

export type RuntimeConfig = LocalConfig | CognitoConfig;

export const LOCAL_DEFAULT: LocalConfig = { mode: 'local', apiUrl: '/api' };

export function parseConfig(raw: unknown): RuntimeConfig {
  if (!raw || typeof raw !== 'object') return LOCAL_DEFAULT;
  const value = raw as Record<string, unknown>;
  if (value.mode === 'cognito') {
    const missing = ['apiUrl', 'userPoolId', 'clientId', 'domain', 'region', 'redirectUri'].filter((k) => typeof value[k] !== 'string' || !value[k]);
    if (missing.length) throw new Error(`/config.json is in cognito mode but lacks ${missing.join(', ')}`);
    return value as unknown as CognitoConfig;
  }
  return { mode: 'local', apiUrl: typeof value.apiUrl === 'string' && value.apiUrl ? value.apiUrl : '/api' };
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<RuntimeConfig> {
  let response: Response;
  try {
    response = await fetchImpl('/config.json', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch {
    return LOCAL_DEFAULT;
  }
  if (!response.ok) return LOCAL_DEFAULT;
  // Locally the server answers unknown paths with index.html (SPA fallback): no config.
  if (!(response.headers.get('Content-Type') ?? '').includes('json')) return LOCAL_DEFAULT;
  let raw: unknown;
  try {
    raw = await response.json();
  } catch {
    return LOCAL_DEFAULT;
  }
  return parseConfig(raw);
}

export function apiBaseOf(config: RuntimeConfig): string {
  return (config.apiUrl ?? '/api').replace(/\/+$/, '');
}
