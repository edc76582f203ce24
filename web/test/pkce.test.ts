import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig, parseConfig } from '../src/auth/config';
import { authorizeUrl, beginSignIn, codeChallengeOf, completeSignIn, createCodeVerifier, logoutUrl } from '../src/auth/pkce';
import { CognitoUnreachableError, refreshTokens, revokeRefreshToken, SessionEndedError } from '../src/auth/refresh';
import { clearSession, loadRefreshToken, loadSession, saveTokens, sessionFromToken } from '../src/auth/session';
import { COGNITO_CONFIG as CONFIG, jwt } from './cognito-fixtures';

afterEach(() => {
  vi.useRealTimers();
});

describe('PKCE helpers', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await codeChallengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
  it('makes verifiers of 43 URL-safe characters, different each time', () => {
    const a = createCodeVerifier();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createCodeVerifier()).not.toBe(a);
  });
  it('builds the hosted UI URLs', () => {
    const url = new URL(authorizeUrl(CONFIG, 'chal', 'st'));
    expect(url.origin + url.pathname).toBe('https://drs.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ response_type: 'code', client_id: 'client123', redirect_uri: 'https://console.example.com/', code_challenge: 'chal', code_challenge_method: 'S256', state: 'st' });
    expect(logoutUrl(CONFIG)).toBe('https://drs.auth.eu-west-1.amazoncognito.com/logout?client_id=client123&logout_uri=https%3A%2F%2Fconsole.example.com%2F');
  });
  it('exchanges the code with the stored verifier after checking the state', async () => {
    const url = new URL(await beginSignIn(CONFIG, sessionStorage));
    const state = url.searchParams.get('state')!;
    let sent: URLSearchParams | undefined;
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      expect(String(input)).toBe('https://drs.auth.eu-west-1.amazoncognito.com/oauth2/token');
      sent = new URLSearchParams(String(init?.body));
      return new Response(JSON.stringify({ id_token: 'id.tok.en', access_token: 'a', expires_in: 3600 }), { status: 200 });
    }) as typeof fetch;
    const tokens = await completeSignIn(CONFIG, `?code=c0de&state=${state}`, sessionStorage, fetchImpl);
    expect(tokens?.idToken).toBe('id.tok.en');
    expect(sent?.get('grant_type')).toBe('authorization_code');
    expect(sent?.get('code')).toBe('c0de');
    expect(await codeChallengeOf(sent!.get('code_verifier')!)).toBe(url.searchParams.get('code_challenge'));
  });
  it('gives up on a code exchange that gets no answer, with a reason the sign-in page can show', async () => {
    vi.useFakeTimers();
    try {
      const url = new URL(await beginSignIn(CONFIG, sessionStorage));
      const hanging = ((_: RequestInfo | URL, init?: RequestInit) =>
        new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as typeof fetch;
      const result = completeSignIn(CONFIG, `?code=c&state=${url.searchParams.get('state')}`, sessionStorage, hanging);
      const settled = expect(result).rejects.toThrow(/Could not reach Cognito to finish signing in \(no answer in 10 s\)/);
      await vi.advanceTimersByTimeAsync(10_000);
      await settled;
    } finally {
      vi.useRealTimers();
    }
  });
  it('says Cognito could not be reached when the code exchange fails on the network', async () => {
    const url = new URL(await beginSignIn(CONFIG, sessionStorage));
    const refused = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(completeSignIn(CONFIG, `?code=c&state=${url.searchParams.get('state')}`, sessionStorage, refused)).rejects.toThrow(/Could not reach Cognito to finish signing in \(Failed to fetch\)/);
  });
  it('refuses a response whose state does not match', async () => {
    await beginSignIn(CONFIG, sessionStorage);
    await expect(completeSignIn(CONFIG, '?code=c&state=forged', sessionStorage, fetch)).rejects.toThrow(/does not match/);
  });
  it('answers null when the URL has no code', async () => {
    expect(await completeSignIn(CONFIG, '', sessionStorage, fetch)).toBeNull();
  });
});

describe('session and config', () => {
  it('reads user and highest role from the ID token', () => {
    const session = sessionFromToken(jwt({ 'cognito:username': 'alice', 'cognito:groups': ['ReadOnly', 'RecoveryManager'], exp: 2_000_000_000 }));
    expect(session).toMatchObject({ username: 'alice', role: 'RecoveryManager', expiresAt: 2_000_000_000 });
  });
  it('treats a non-JWT token as the local DRS_ORCH_ADMIN_TOKEN', () => {
    expect(sessionFromToken('plain-secret')).toMatchObject({ role: 'Admin' });
  });
  it('falls back to local mode when /config.json is missing or is the SPA fallback', async () => {
    expect(await loadConfig((async () => new Response('nope', { status: 404 })) as typeof fetch)).toEqual({ mode: 'local', apiUrl: '/api' });
    expect(await loadConfig((async () => new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } })) as typeof fetch)).toMatchObject({ mode: 'local' });
    expect(await loadConfig((async () => new Response(JSON.stringify(CONFIG), { status: 200, headers: { 'Content-Type': 'application/json' } })) as typeof fetch)).toEqual(CONFIG);
  });
  it('rejects an incomplete cognito config', () => {
    expect(() => parseConfig({ mode: 'cognito', apiUrl: 'x' })).toThrow(/lacks userPoolId/);
  });
});

/** A fetch that records each request's URL and form body and answers with `answer`. */
function recordingFetch(answer: () => Response | Promise<Response>) {
  const calls: { url: string; method?: string; contentType?: string; form: Record<string, string> }[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      url: String(input),
      method: init?.method,
      contentType: new Headers(init?.headers).get('Content-Type') ?? undefined,
      form: Object.fromEntries(new URLSearchParams(String(init?.body))),
    });
    return answer();
  }) as typeof fetch;
  return { fetch: impl, calls };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('refreshTokens', () => {
  it('posts grant_type=refresh_token, the client id and the refresh token, form-encoded, to /oauth2/token', async () => {
    const cognito = recordingFetch(() => json({ id_token: 'new.id.token', access_token: 'acc', expires_in: 3600, token_type: 'Bearer' }));
    const tokens = await refreshTokens(CONFIG, 'refresh-1', cognito.fetch);
    expect(cognito.calls).toEqual([
      {
        url: 'https://drs.auth.eu-west-1.amazoncognito.com/oauth2/token',
        method: 'POST',
        contentType: 'application/x-www-form-urlencoded',
        form: { grant_type: 'refresh_token', client_id: 'client123', refresh_token: 'refresh-1' },
      },
    ]);
    expect(tokens).toEqual({ idToken: 'new.id.token', accessToken: 'acc', refreshToken: undefined, expiresIn: 3600 });
  });

  it('names a refused refresh token (400 invalid_grant) SessionEndedError', async () => {
    const refusal = refreshTokens(CONFIG, 'revoked', recordingFetch(() => json({ error: 'invalid_grant' }, 400)).fetch);
    await expect(refusal).rejects.toBeInstanceOf(SessionEndedError);
    await expect(refusal).rejects.toMatchObject({ reason: 'invalid_grant' });
  });

  it.each([
    ['a network error', () => Promise.reject(new TypeError('Failed to fetch'))],
    ['a 500', () => json({ error: 'internal' }, 500)],
    ['a 429', () => json({}, 429)],
    ["a proxy's page", () => new Response('<html>captive portal</html>', { status: 200 })],
  ])('reports %s as CognitoUnreachableError, to retry later', async (_label, answer) => {
    await expect(refreshTokens(CONFIG, 'refresh-1', recordingFetch(answer).fetch)).rejects.toBeInstanceOf(CognitoUnreachableError);
  });

  it('gives up on a request that hangs, as CognitoUnreachableError', async () => {
    vi.useFakeTimers();
    const hanging = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as typeof fetch;
    const refresh = expect(refreshTokens(CONFIG, 'refresh-1', hanging)).rejects.toBeInstanceOf(CognitoUnreachableError);
    await vi.advanceTimersByTimeAsync(10_000);
    await refresh;
  });
});

describe('revokeRefreshToken', () => {
  it('posts the token and the client id, form-encoded, to /oauth2/revoke', async () => {
    const cognito = recordingFetch(() => new Response(null, { status: 200 }));
    expect(await revokeRefreshToken(CONFIG, 'refresh-1', cognito.fetch)).toBe(true);
    expect(cognito.calls).toEqual([
      {
        url: 'https://drs.auth.eu-west-1.amazoncognito.com/oauth2/revoke',
        method: 'POST',
        contentType: 'application/x-www-form-urlencoded',
        form: { token: 'refresh-1', client_id: 'client123' },
      },
    ]);
  });

  it('never throws: a failed revocation must not stop the sign-out', async () => {
    expect(await revokeRefreshToken(CONFIG, 'refresh-1', recordingFetch(() => Promise.reject(new TypeError('offline'))).fetch)).toBe(false);
    expect(await revokeRefreshToken(CONFIG, 'refresh-1', recordingFetch(() => json({ error: 'unsupported_token_type' }, 400)).fetch)).toBe(false);
  });
});

describe('stored tokens', () => {
  const idToken = jwt({ 'cognito:username': 'alice', exp: 2_000_000_000 });

  it('keeps the refresh token of the sign-in when a refresh answer brings none', () => {
    saveTokens({ idToken: 'first.id.token', refreshToken: 'refresh-1' });
    saveTokens({ idToken });
    expect(loadRefreshToken()).toBe('refresh-1');
    expect(loadSession()?.token).toBe(idToken);
  });

  it('takes a new refresh token when the answer has one', () => {
    saveTokens({ idToken, refreshToken: 'refresh-1' });
    saveTokens({ idToken, refreshToken: 'refresh-2' });
    expect(loadRefreshToken()).toBe('refresh-2');
  });

  it('clears the ID token and the refresh token at sign-out', () => {
    saveTokens({ idToken, refreshToken: 'refresh-1' });
    clearSession();
    expect(loadSession()).toBeNull();
    expect(loadRefreshToken()).toBeNull();
  });
});
