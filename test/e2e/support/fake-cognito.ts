/**
 * A stand-in for the Cognito hosted UI and its OAuth 2.0 endpoints, as much of
 * them as the console uses (web/src/auth/pkce.ts, refresh.ts, sign-out.ts):
 *
 * - GET  /oauth2/authorize: checks the app client, the redirect URI and the
 *   PKCE (S256) parameters, then shows a sign-in form (a username, no
 *   password) or, with a live hosted-UI session cookie, signs straight in;
 * - POST /login: the form; redirects to `redirect_uri?code=…&state=…`;
 * - POST /oauth2/token: `authorization_code` (single use, 5 minutes, checked
 *   against the client, the redirect URI and the code verifier) and
 *   `refresh_token` (new ID and access tokens, no new refresh token, as Cognito);
 * - POST /oauth2/revoke: the refresh token is refused from then on;
 * - GET  /logout: ends the hosted-UI session, redirects to `logout_uri`.
 *
 * CORS as Cognito answers it: the console's origin may read the token and
 * revoke answers, no other origin may. Every request is recorded, with the
 * status it got, for the test to assert on.
 *
 * The ID tokens are the local platform's (api/auth/local-tokens.ts): HS256
 * with the platform's signing key, its issuer and audience, Cognito's claims,
 * plus an `exp` the local API enforces. The access tokens have no audience,
 * so the API refuses them, as an API that expects ID tokens should.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';

/** As api/auth/local-tokens.ts verifies them (not exported there). */
export const LOCAL_TOKEN_ISSUER = 'drs-orchestrator-local';
export const LOCAL_TOKEN_AUDIENCE = 'drs-orchestrator-local-api';

/** Cognito's authorization codes are good for 5 minutes, once. */
const CODE_LIFETIME_MS = 5 * 60_000;
const SESSION_COOKIE = 'fake-cognito-session';

export interface FakeCognitoUser {
  readonly username: string;
  /** The Cognito group, i.e. the API role. */
  readonly role: string;
}

export interface FakeCognitoOptions {
  /** The app client (public, no secret). */
  readonly clientId: string;
  /** The app client's one callback URL, also its sign-out URL (the console uses the same for both). */
  readonly redirectUri: string;
  /** The local platform's signing key (`<dataDir>/auth/signing-key`, decoded). */
  readonly signingKey: Uint8Array;
  readonly users: readonly FakeCognitoUser[];
  /** ID and access token lifetime in seconds; Cognito's default is 3600. Changeable later through `lifetimes`. */
  readonly idTokenLifetimeSeconds?: number;
}

export interface FakeCognitoRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The urlencoded body of a POST. */
  readonly form: Readonly<Record<string, string>>;
  readonly origin: string | undefined;
  /** The status answered (0 until answered). */
  status: number;
  /** The JSON answered, for the token and revoke endpoints. */
  body?: Record<string, unknown>;
}

/** A token set the token endpoint handed out. */
export interface IssuedTokens {
  readonly at: number;
  readonly grant: 'authorization_code' | 'refresh_token';
  readonly username: string;
  readonly idToken: string;
  readonly accessToken: string;
  /** Only for the authorization_code grant. */
  readonly refreshToken?: string;
  /** The ID token's `exp`, epoch seconds. */
  readonly expiresAt: number;
}

export interface FakeCognito {
  /** `http://127.0.0.1:<port>`: the `domain` of the console's config (hostedUiBase keeps the scheme). */
  readonly url: string;
  readonly origin: string;
  readonly requests: FakeCognitoRequest[];
  readonly issued: IssuedTokens[];
  /** Token lifetimes (seconds) for the next answers of each grant. */
  readonly lifetimes: { signIn: number; refresh: number };
  /** The requests to `path` (e.g. '/oauth2/token'), optionally only those of a grant type. */
  requestsTo(path: string, grantType?: string): FakeCognitoRequest[];
  /** An ID token for `username` as the token endpoint would mint it, lasting `lifetimeSeconds` (negative: already expired). */
  mintIdToken(username: string, lifetimeSeconds: number): Promise<string>;
  close(): Promise<void>;
}

interface PendingAuthorization {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly challenge: string;
  readonly scope: string;
}

interface AuthorizationCode extends PendingAuthorization {
  readonly username: string;
  readonly issuedAt: number;
}

interface RefreshGrant {
  readonly clientId: string;
  readonly username: string;
  revoked: boolean;
}

const SUB_NAMESPACE = randomUUID();

export async function startFakeCognito(options: FakeCognitoOptions): Promise<FakeCognito> {
  const consoleOrigin = new URL(options.redirectUri).origin;
  const requests: FakeCognitoRequest[] = [];
  const issued: IssuedTokens[] = [];
  const lifetime = options.idTokenLifetimeSeconds ?? 3600;
  const lifetimes = { signIn: lifetime, refresh: lifetime };
  const pending = new Map<string, PendingAuthorization>();
  const codes = new Map<string, AuthorizationCode>();
  const refreshTokens = new Map<string, RefreshGrant>();
  /** Hosted-UI sessions (the cookie), to username. */
  const sessions = new Map<string, string>();

  const userNamed = (username: string) => options.users.find((u) => u.username === username);
  const subOf = (username: string) => {
    const hex = createHash('sha256').update(`${SUB_NAMESPACE}:${username}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };

  async function mintIdToken(username: string, lifetimeSeconds: number): Promise<string> {
    const user = userNamed(username);
    if (!user) throw new Error(`fake Cognito has no user ${username}`);
    const now = Math.floor(Date.now() / 1000);
    // Negative lifetimes make a token that expired: issued an hour before it did.
    const iat = lifetimeSeconds > 0 ? now : now + lifetimeSeconds - 3600;
    return new SignJWT({
      'cognito:username': user.username,
      'cognito:groups': [user.role],
      token_use: 'id',
      auth_time: iat,
      email: `${user.username}@example.com`,
      // Two tokens minted in the same second must still differ.
      jti: randomUUID(),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(subOf(user.username))
      .setIssuer(LOCAL_TOKEN_ISSUER)
      .setAudience(LOCAL_TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(options.signingKey);
  }

  function mintAccessToken(username: string, lifetimeSeconds: number, scope: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ token_use: 'access', client_id: options.clientId, username, scope, jti: randomUUID() })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(subOf(username))
      .setIssuer(LOCAL_TOKEN_ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(options.signingKey);
  }

  async function issue(grant: IssuedTokens['grant'], username: string, scope: string, withRefreshToken: string | undefined): Promise<Record<string, unknown>> {
    const seconds = grant === 'authorization_code' ? lifetimes.signIn : lifetimes.refresh;
    const idToken = await mintIdToken(username, seconds);
    const accessToken = await mintAccessToken(username, seconds, scope);
    issued.push({ at: Date.now(), grant, username, idToken, accessToken, refreshToken: withRefreshToken, expiresAt: Math.floor(Date.now() / 1000) + seconds });
    return {
      id_token: idToken,
      access_token: accessToken,
      ...(withRefreshToken ? { refresh_token: withRefreshToken } : {}),
      expires_in: seconds,
      token_type: 'Bearer',
    };
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake-cognito');
    const raw = request.method === 'POST' ? await readBody(request) : '';
    const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const form = isForm ? Object.fromEntries(new URLSearchParams(raw)) : {};
    const record: FakeCognitoRequest = {
      at: Date.now(),
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      form,
      origin: request.headers.origin,
      status: 0,
    };
    requests.push(record);
    try {
      await answer(record, url, request, response);
    } finally {
      record.status = response.statusCode;
    }
  }

  async function answer(record: FakeCognitoRequest, url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { form } = record;
    const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const key = `${record.method} ${url.pathname}`;
    const api = url.pathname === '/oauth2/token' || url.pathname === '/oauth2/revoke';
    if (api) {
      // The console's origin may read the answers; any other origin gets no CORS headers, so its browser refuses them.
      if (record.origin === consoleOrigin) {
        response.setHeader('Access-Control-Allow-Origin', consoleOrigin);
        response.setHeader('Vary', 'Origin');
      }
      if (record.method === 'OPTIONS') {
        if (record.origin === consoleOrigin) {
          response.setHeader('Access-Control-Allow-Methods', 'POST');
          response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
          response.setHeader('Access-Control-Max-Age', '600');
        }
        return void response.writeHead(204).end();
      }
    }
    const json = (status: number, body: Record<string, unknown>) => {
      record.body = body;
      response.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
    };

    switch (key) {
      case 'GET /oauth2/authorize':
        return authorize(url.searchParams, request, response);
      case 'POST /login':
        return login(form, request, response);
      case 'POST /oauth2/token': {
        if (!isForm) return json(400, { error: 'invalid_request' });
        if (form.client_id !== options.clientId) return json(400, { error: 'invalid_client' });
        if (form.grant_type === 'authorization_code') {
          const code = codes.get(form.code ?? '');
          // Single use, whatever happens next.
          if (code) codes.delete(form.code!);
          if (
            !code ||
            Date.now() - code.issuedAt > CODE_LIFETIME_MS ||
            code.clientId !== form.client_id ||
            code.redirectUri !== form.redirect_uri ||
            !form.code_verifier ||
            s256(form.code_verifier) !== code.challenge
          ) {
            return json(400, { error: 'invalid_grant' });
          }
          const refreshToken = randomBytes(48).toString('base64url');
          refreshTokens.set(refreshToken, { clientId: code.clientId, username: code.username, revoked: false });
          return json(200, await issue('authorization_code', code.username, code.scope, refreshToken));
        }
        if (form.grant_type === 'refresh_token') {
          const grant = refreshTokens.get(form.refresh_token ?? '');
          if (!grant || grant.revoked || grant.clientId !== form.client_id) return json(400, { error: 'invalid_grant' });
          // Cognito answers a refresh without a new refresh token.
          return json(200, await issue('refresh_token', grant.username, 'openid email profile', undefined));
        }
        return json(400, { error: 'unsupported_grant_type' });
      }
      case 'POST /oauth2/revoke': {
        if (!isForm || !form.token) return json(400, { error: 'invalid_request' });
        if (form.client_id !== options.clientId) return json(400, { error: 'invalid_client' });
        const grant = refreshTokens.get(form.token);
        if (grant && grant.clientId === form.client_id) grant.revoked = true;
        // RFC 7009: an unknown token is answered 200 too.
        record.body = {};
        return void response.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' }).end();
      }
      case 'GET /logout': {
        if (url.searchParams.get('client_id') !== options.clientId) return errorPage(response, 'Invalid client_id.');
        const logoutUri = url.searchParams.get('logout_uri');
        if (logoutUri !== options.redirectUri) return errorPage(response, 'Invalid logout_uri: it must be one of the app client\'s sign-out URLs.');
        const sid = cookieOf(request);
        if (sid) sessions.delete(sid);
        return void response.writeHead(302, { Location: logoutUri, 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax` }).end();
      }
      default:
        return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    }
  }

  function authorize(params: URLSearchParams, request: IncomingMessage, response: ServerResponse): void {
    // The client and the redirect URI are checked first, and an error about them is never redirected.
    if (params.get('client_id') !== options.clientId) return errorPage(response, 'Invalid client_id.');
    const redirectUri = params.get('redirect_uri');
    if (redirectUri !== options.redirectUri) return errorPage(response, 'redirect_mismatch: redirect_uri is not a callback URL of the app client.');
    const state = params.get('state') ?? '';
    const refuse = (error: string, description: string) => redirect(response, redirectUri, { error, error_description: description, ...(state ? { state } : {}) });
    if (params.get('response_type') !== 'code') return refuse('unsupported_response_type', 'response_type must be code');
    const scope = params.get('scope') ?? '';
    if (!scope.split(' ').includes('openid')) return refuse('invalid_scope', 'the openid scope is needed for an ID token');
    if (params.get('code_challenge_method') !== 'S256') return refuse('invalid_request', 'code_challenge_method must be S256');
    const challenge = params.get('code_challenge') ?? '';
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return refuse('invalid_request', 'code_challenge must be a base64url SHA-256');
    if (!state) return refuse('invalid_request', 'state is required');
    const authorization: PendingAuthorization = { clientId: options.clientId, redirectUri, state, challenge, scope };

    const username = sessions.get(cookieOf(request) ?? '');
    if (username) return signedIn(response, authorization, username);
    const id = randomUUID();
    pending.set(id, authorization);
    loginPage(response, id);
  }

  function login(form: Record<string, string>, _request: IncomingMessage, response: ServerResponse): void {
    const authorization = pending.get(form.request ?? '');
    if (!authorization) return errorPage(response, 'This sign-in has expired; start again from the application.');
    const user = userNamed((form.username ?? '').trim());
    if (!user) return loginPage(response, form.request!, 'Incorrect username or password.');
    pending.delete(form.request!);
    const sid = randomBytes(24).toString('base64url');
    sessions.set(sid, user.username);
    response.setHeader('Set-Cookie', `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax`);
    signedIn(response, authorization, user.username);
  }

  function signedIn(response: ServerResponse, authorization: PendingAuthorization, username: string): void {
    const code = randomUUID();
    codes.set(code, { ...authorization, username, issuedAt: Date.now() });
    redirect(response, authorization.redirectUri, { code, state: authorization.state });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    origin,
    requests,
    issued,
    lifetimes,
    requestsTo: (path, grantType) => requests.filter((r) => r.path === path && r.method !== 'OPTIONS' && (grantType === undefined || r.form.grant_type === grantType)),
    mintIdToken,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function cookieOf(request: IncomingMessage): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

function redirect(response: ServerResponse, to: string, params: Record<string, string>): void {
  const target = new URL(to);
  for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
  response.writeHead(302, { Location: target.toString(), 'Cache-Control': 'no-store' }).end();
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main>${body}</main></body></html>`;
}

function loginPage(response: ServerResponse, requestId: string, error?: string): void {
  const html = page(
    'Fake Cognito hosted UI',
    `<h1>Sign in with your username</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/login">
  <input type="hidden" name="request" value="${escapeHtml(requestId)}">
  <label for="username">Username</label>
  <input id="username" name="username" autocomplete="username" required>
  <button type="submit">Sign in</button>
</form>`,
  );
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
}

function errorPage(response: ServerResponse, message: string): void {
  response.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' }).end(page('Error', `<h1>An error was encountered with the requested page.</h1><p role="alert">${escapeHtml(message)}</p>`));
}
