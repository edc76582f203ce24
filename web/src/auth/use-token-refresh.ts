import { useEffect, useRef } from 'react';
import type { RuntimeConfig } from './config';
import { refreshTokens, SessionEndedError } from './refresh';
import { loadRefreshToken, saveTokens, type Session } from './session';

/** Renew this long before the ID token's `exp`, so that a slow or failed first try still leaves time before the API starts answering 401. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** After Cognito could not be reached, try again this often. */
export const RETRY_DELAY_MS = 30_000;

export interface TokenRefreshHandlers {
  /** The renewed session, its tokens already saved. */
  readonly onRefreshed: (session: Session) => void;
  /** Cognito refused the refresh token: only a new sign-in helps. */
  readonly onSessionEnded: () => void;
}

export interface TokenRefreshOptions {
  readonly storage?: Storage;
  readonly fetchImpl?: typeof fetch;
}

/**
 * When to renew: REFRESH_MARGIN_MS before expiry, and never sooner than
 * RETRY_DELAY_MS after the last renewal, or a clock that runs fast would find
 * every new token due at once and ask Cognito in a tight loop.
 */
export function refreshDelayMs(expiresAt: number, nowMs: number, lastRefreshMs?: number): number {
  const due = expiresAt * 1000 - REFRESH_MARGIN_MS - nowMs;
  const spaced = lastRefreshMs === undefined ? 0 : lastRefreshMs + RETRY_DELAY_MS - nowMs;
  return Math.max(0, due, spaced);
}

/**
 * Keeps a Cognito session's ID token (1 h) fresh with the refresh token (12 h)
 * so that an operator is not sent to the hosted UI in the middle of a
 * recovery. When Cognito cannot be reached it tries again every
 * RETRY_DELAY_MS, also past the ID token's expiry: the refresh token outlives
 * it, and a laptop waking from sleep often has no network for its first
 * seconds. Local tokens (`npm start`) are never renewed.
 */
export function useTokenRefresh(config: RuntimeConfig, session: Session | null, handlers: TokenRefreshHandlers, options: TokenRefreshOptions = {}): void {
  // The latest handlers, without restarting the timers each render.
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const lastRefreshRef = useRef<number | undefined>(undefined);
  const token = session?.token;
  const expiresAt = session?.expiresAt;
  const { storage = sessionStorage, fetchImpl } = options;

  useEffect(() => {
    if (config.mode !== 'cognito' || !token || expiresAt === undefined) return;
    const refreshToken = loadRefreshToken(storage);
    if (!refreshToken) return;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const attempt = async () => {
      try {
        const tokens = await refreshTokens(config, refreshToken, fetchImpl);
        // Signed out (or unmounted) meanwhile: saving would bring the session back.
        if (!active) return;
        lastRefreshRef.current = Date.now();
        handlersRef.current.onRefreshed(saveTokens(tokens, storage));
      } catch (error) {
        if (!active) return;
        if (error instanceof SessionEndedError) handlersRef.current.onSessionEnded();
        else timer = setTimeout(() => void attempt(), RETRY_DELAY_MS);
      }
    };

    timer = setTimeout(() => void attempt(), refreshDelayMs(expiresAt, Date.now(), lastRefreshRef.current));
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [config, token, expiresAt, storage, fetchImpl]);
}
