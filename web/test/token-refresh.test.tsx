import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../src/App';
import type { RuntimeConfig } from '../src/auth/config';
import { COGNITO_UNREACHABLE_NOTICE, SESSION_ENDED_NOTICE } from '../src/auth/refresh';
import { resumeSession } from '../src/auth/resume';
import { loadRefreshToken, loadSession, saveTokens, sessionFromToken, type Session } from '../src/auth/session';
import { signOutOfCognito } from '../src/auth/sign-out';
import { refreshDelayMs, useTokenRefresh } from '../src/auth/use-token-refresh';
import { loadPage } from '../src/page-modules';
import { COGNITO_CONFIG as CONFIG, jwt } from './cognito-fixtures';

/** Local mode, with Cognito's fields too, so that only the mode keeps the console from asking Cognito. */
const LOCAL = { ...CONFIG, mode: 'local' } as unknown as RuntimeConfig;

const T0 = Date.UTC(2026, 0, 1, 20, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** An ID token for alice, issued at `issuedMs` and valid 1 h, as Cognito's. */
function idToken(issuedMs: number, marker = 'id'): string {
  return jwt({ 'cognito:username': 'alice', 'cognito:groups': ['Operator'], iat: issuedMs / 1000, exp: issuedMs / 1000 + 3600, marker });
}

type Answer = Response | Error | ((form: URLSearchParams) => Response | Error);

/**
 * Cognito's token and revoke endpoints and the API, behind one fetch.
 * Token answers are taken from `tokenAnswers` in turn (the last one repeats);
 * API requests are recorded with their bearer token.
 */
function fakeCognito(tokenAnswers: Answer[] = []) {
  const tokenCalls: URLSearchParams[] = [];
  const revokeCalls: URLSearchParams[] = [];
  const apiTokens: string[] = [];
  const impl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost');
    if (url.pathname === '/oauth2/token') {
      const form = new URLSearchParams(String(init?.body));
      tokenCalls.push(form);
      let answer = tokenAnswers[Math.min(tokenCalls.length - 1, tokenAnswers.length - 1)] ?? new Error('no answer');
      if (typeof answer === 'function') answer = answer(form);
      if (answer instanceof Error) throw answer;
      return answer.clone();
    }
    if (url.pathname === '/oauth2/revoke') {
      revokeCalls.push(new URLSearchParams(String(init?.body)));
      return new Response(null, { status: 200 });
    }
    apiTokens.push(new Headers(init?.headers).get('Authorization') ?? '');
    return new Response(JSON.stringify({ message: 'try later' }), { status: 503, headers: { 'Content-Type': 'application/json' } });
  };
  return { fetch: impl as typeof fetch, tokenCalls, revokeCalls, apiTokens };
}

function tokens(idTokenValue: string): Response {
  return new Response(JSON.stringify({ id_token: idTokenValue, access_token: 'access', expires_in: 3600, token_type: 'Bearer' }), { status: 200 });
}

const invalidGrant = () => new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400 });
const offline = () => new TypeError('Failed to fetch');
const unavailable = () => new Response(JSON.stringify({ error: 'unavailable' }), { status: 503 });

/** Signs alice in as the code exchange would: her ID token and a refresh token in the tab's storage. */
function signedIn(issuedMs = T0): Session {
  return saveTokens({ idToken: idToken(issuedMs), refreshToken: 'refresh-1' });
}

function Probe({ config, initial, onSessionEnded = () => undefined }: { config: RuntimeConfig; initial: Session; onSessionEnded?: () => void }) {
  const [session, setSession] = useState<Session | null>(initial);
  useTokenRefresh(config, session, { onRefreshed: setSession, onSessionEnded });
  return <p data-testid="token">{session?.token}</p>;
}

function shownToken(): string {
  return screen.getByTestId('token').textContent ?? '';
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('refreshDelayMs', () => {
  it('is 5 minutes before expiry, at once when that is past, and never within 30 s of the last renewal', () => {
    const exp = (T0 + HOUR) / 1000;
    expect(refreshDelayMs(exp, T0)).toBe(55 * MINUTE);
    expect(refreshDelayMs(exp, T0 + 58 * MINUTE)).toBe(0);
    // A clock an hour fast sees each new token as due: wait 30 s rather than ask again at once.
    expect(refreshDelayMs(exp, T0 + 2 * HOUR, T0 + 2 * HOUR)).toBe(30_000);
  });
});

describe('useTokenRefresh', () => {
  it('renews the ID token 5 minutes before it expires, saves it and shows the new session, then renews the next one', async () => {
    const second = idToken(T0 + 55 * MINUTE, 'second');
    const third = idToken(T0 + 110 * MINUTE, 'third');
    const cognito = fakeCognito([tokens(second), tokens(third)]);
    vi.stubGlobal('fetch', cognito.fetch);
    render(<Probe config={CONFIG} initial={signedIn()} />);

    await act(() => vi.advanceTimersByTimeAsync(55 * MINUTE - 1));
    expect(cognito.tokenCalls).toHaveLength(0);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(cognito.tokenCalls.map((form) => Object.fromEntries(form))).toEqual([{ grant_type: 'refresh_token', client_id: 'client123', refresh_token: 'refresh-1' }]);
    expect(shownToken()).toBe(second);
    expect(loadSession()?.token).toBe(second);
    expect(loadRefreshToken()).toBe('refresh-1');

    await act(() => vi.advanceTimersByTimeAsync(55 * MINUTE));
    expect(cognito.tokenCalls).toHaveLength(2);
    expect(shownToken()).toBe(third);
  });

  it('tries again every 30 s while Cognito cannot be reached, and keeps the session', async () => {
    const renewed = idToken(T0 + 56 * MINUTE, 'renewed');
    const cognito = fakeCognito([offline(), unavailable(), tokens(renewed)]);
    vi.stubGlobal('fetch', cognito.fetch);
    const initial = signedIn();
    const ended = vi.fn();
    render(<Probe config={CONFIG} initial={initial} onSessionEnded={ended} />);

    await act(() => vi.advanceTimersByTimeAsync(55 * MINUTE));
    expect(cognito.tokenCalls).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(30_000 - 1));
    expect(cognito.tokenCalls).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(cognito.tokenCalls).toHaveLength(2);
    expect(shownToken()).toBe(initial.token);
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(cognito.tokenCalls).toHaveLength(3);
    expect(shownToken()).toBe(renewed);
    expect(ended).not.toHaveBeenCalled();
  });

  it('keeps trying after the ID token expired: the refresh token outlives it', async () => {
    const renewed = idToken(T0 + 70 * MINUTE, 'renewed');
    let reachable = false;
    vi.stubGlobal('fetch', fakeCognito([() => (reachable ? tokens(renewed) : offline())]).fetch);
    render(<Probe config={CONFIG} initial={signedIn()} />);

    await act(() => vi.advanceTimersByTimeAsync(70 * MINUTE));
    reachable = true;
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(shownToken()).toBe(renewed);
  });

  it('ends the session when Cognito refuses the refresh token, and asks no more', async () => {
    const cognito = fakeCognito([invalidGrant()]);
    vi.stubGlobal('fetch', cognito.fetch);
    const ended = vi.fn();
    render(<Probe config={CONFIG} initial={signedIn()} onSessionEnded={ended} />);

    await act(() => vi.advanceTimersByTimeAsync(55 * MINUTE));
    expect(ended).toHaveBeenCalledTimes(1);
    await act(() => vi.advanceTimersByTimeAsync(HOUR));
    expect(cognito.tokenCalls).toHaveLength(1);
  });

  it('never renews in local mode', async () => {
    const cognito = fakeCognito([tokens(idToken(T0 + 55 * MINUTE))]);
    vi.stubGlobal('fetch', cognito.fetch);
    render(<Probe config={LOCAL} initial={signedIn()} />);

    await act(() => vi.advanceTimersByTimeAsync(2 * HOUR));
    expect(cognito.tokenCalls).toHaveLength(0);
  });

  it('stops its timer when unmounted', async () => {
    const cognito = fakeCognito([tokens(idToken(T0 + 55 * MINUTE))]);
    vi.stubGlobal('fetch', cognito.fetch);
    const { unmount } = render(<Probe config={CONFIG} initial={signedIn()} />);

    await act(() => vi.advanceTimersByTimeAsync(50 * MINUTE));
    unmount();
    await act(() => vi.advanceTimersByTimeAsync(HOUR));
    expect(cognito.tokenCalls).toHaveLength(0);
  });

  it('does not save a renewal that arrives after sign-out', async () => {
    let answer: (response: Response) => void = () => undefined;
    const inFlight = new Promise<Response>((resolve) => (answer = resolve));
    vi.stubGlobal('fetch', (() => inFlight) as typeof fetch);
    const { unmount } = render(<Probe config={CONFIG} initial={signedIn()} />);

    await act(() => vi.advanceTimersByTimeAsync(55 * MINUTE));
    unmount();
    sessionStorage.clear();
    answer(tokens(idToken(T0 + 55 * MINUTE)));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(loadSession()).toBeNull();
  });
});

function renderApp(options: { session: Session | null; path?: string; config?: RuntimeConfig; leave?: (url: string) => void; notice?: string }) {
  return render(
    <MemoryRouter initialEntries={[options.path ?? '/protection-groups']}>
      <App config={options.config ?? CONFIG} initialSession={options.session} initialNotice={options.notice} leave={options.leave ?? (() => undefined)} />
    </MemoryRouter>,
  );
}

/** TopNavigation renders its utilities twice, first in a hidden copy it measures: the last one is shown. */
function signOutButton(): HTMLElement {
  return screen.getAllByRole('button', { name: 'Sign out', hidden: true }).at(-1)!;
}

describe('App with a Cognito session', () => {
  it('sends the renewed ID token with the API calls that follow', async () => {
    const renewed = idToken(T0 + 55 * MINUTE, 'renewed');
    const cognito = fakeCognito([tokens(renewed)]);
    vi.stubGlobal('fetch', cognito.fetch);
    // Loaded beforehand: a module import is real I/O, which fake timers do not wait for.
    await loadPage('syncStatus');
    const first = signedIn();
    renderApp({ session: first, path: '/sync-status' });

    await act(() => vi.advanceTimersByTimeAsync(55 * MINUTE - 1));
    expect(cognito.apiTokens.length).toBeGreaterThan(0);
    expect(new Set(cognito.apiTokens)).toEqual(new Set([`Bearer ${first.token}`]));
    const before = cognito.apiTokens.length;
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(cognito.tokenCalls).toHaveLength(1);

    await act(() => vi.advanceTimersByTimeAsync(2 * MINUTE));
    const after = cognito.apiTokens.slice(before);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after)).toEqual(new Set([`Bearer ${renewed}`]));
  });

  it('shows the sign-in page with a notice when Cognito ends the session', async () => {
    vi.stubGlobal('fetch', fakeCognito([invalidGrant()]).fetch);
    renderApp({ session: signedIn() });
    expect(signOutButton()).toBeTruthy();

    await act(() => vi.advanceTimersByTimeAsync(55 * MINUTE));
    expect(screen.getByText(SESSION_ENDED_NOTICE)).toBeTruthy();
    expect(screen.getByText('Sign in with Cognito')).toBeTruthy();
    expect(loadSession()).toBeNull();
    expect(loadRefreshToken()).toBeNull();
  });

  it('revokes the refresh token at sign-out, then goes to the hosted UI logout', async () => {
    const cognito = fakeCognito();
    vi.stubGlobal('fetch', cognito.fetch);
    const leave = vi.fn();
    renderApp({ session: signedIn(), leave });

    fireEvent.click(signOutButton());
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(cognito.revokeCalls.map((form) => Object.fromEntries(form))).toEqual([{ token: 'refresh-1', client_id: 'client123' }]);
    expect(leave).toHaveBeenCalledWith('https://drs.auth.eu-west-1.amazoncognito.com/logout?client_id=client123&logout_uri=https%3A%2F%2Fconsole.example.com%2F');
    expect(loadRefreshToken()).toBeNull();
    expect(screen.getByText('Sign in with Cognito')).toBeTruthy();
  });
});

describe('signOutOfCognito', () => {
  it('revokes before it leaves', async () => {
    const order: string[] = [];
    const fetchImpl = (async () => {
      order.push('revoke');
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    await signOutOfCognito(CONFIG, 'refresh-1', () => order.push('leave'), fetchImpl);
    expect(order).toEqual(['revoke', 'leave']);
  });

  it('leaves even when the revocation fails or hangs', async () => {
    const leave = vi.fn();
    await signOutOfCognito(CONFIG, 'refresh-1', leave, (async () => Promise.reject(new TypeError('offline'))) as typeof fetch);
    expect(leave).toHaveBeenCalledTimes(1);

    const hanging = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as typeof fetch;
    const done = signOutOfCognito(CONFIG, 'refresh-1', leave, hanging);
    await vi.advanceTimersByTimeAsync(3_000);
    await done;
    expect(leave).toHaveBeenCalledTimes(2);
  });

  it('just leaves when there is no refresh token', async () => {
    const fetchImpl = vi.fn();
    const leave = vi.fn();
    await signOutOfCognito(CONFIG, null, leave, fetchImpl as unknown as typeof fetch);
    expect(fetchImpl).not.toHaveBeenCalled();
    expect(leave).toHaveBeenCalledTimes(1);
  });
});

describe('resumeSession (boot)', () => {
  it('renews an ID token that expired while the tab was away, before the first render', async () => {
    signedIn(T0 - 2 * HOUR);
    const renewed = idToken(T0, 'renewed');
    const cognito = fakeCognito([tokens(renewed)]);

    const resumed = await resumeSession(CONFIG, sessionStorage, cognito.fetch);
    expect(resumed).toEqual({ session: sessionFromToken(renewed) });
    expect(Object.fromEntries(cognito.tokenCalls[0]!)).toEqual({ grant_type: 'refresh_token', client_id: 'client123', refresh_token: 'refresh-1' });
    expect(loadSession()?.token).toBe(renewed);
    expect(loadRefreshToken()).toBe('refresh-1');
  });

  it('uses a valid ID token as it is', async () => {
    const session = signedIn();
    const cognito = fakeCognito([tokens(idToken(T0, 'renewed'))]);
    expect(await resumeSession(CONFIG, sessionStorage, cognito.fetch)).toEqual({ session });
    expect(cognito.tokenCalls).toHaveLength(0);
  });

  it('ends the session with the notice when Cognito refuses the refresh token', async () => {
    signedIn(T0 - 2 * HOUR);
    const resumed = await resumeSession(CONFIG, sessionStorage, fakeCognito([invalidGrant()]).fetch);
    expect(resumed).toEqual({ session: null, notice: SESSION_ENDED_NOTICE });
    expect(loadRefreshToken()).toBeNull();
  });

  it('keeps the refresh token for a later reload when Cognito cannot be reached', async () => {
    signedIn(T0 - 2 * HOUR);
    const resumed = await resumeSession(CONFIG, sessionStorage, fakeCognito([offline()]).fetch);
    expect(resumed).toEqual({ session: null, notice: COGNITO_UNREACHABLE_NOTICE });
    expect(loadRefreshToken()).toBe('refresh-1');
  });

  it('never renews in local mode', async () => {
    signedIn(T0 - 2 * HOUR);
    const cognito = fakeCognito([tokens(idToken(T0, 'renewed'))]);
    expect(await resumeSession(LOCAL, sessionStorage, cognito.fetch)).toEqual({ session: null });
    expect(cognito.tokenCalls).toHaveLength(0);
  });
});
