import type { RuntimeConfig } from './config';
import { COGNITO_UNREACHABLE_NOTICE, refreshTokens, SESSION_ENDED_NOTICE, SessionEndedError } from './refresh';
import { clearSession, loadRefreshToken, loadSession, saveTokens, type Session } from './session';

export interface ResumedSession {
  readonly session: Session | null;
  /** For the sign-in page when the session could not be resumed. */
  readonly notice?: string;
}

/**
 * The session to start the console with. In cognito mode an ID token that
 * expired while the tab was closed or asleep (it lasts 1 h) is renewed with the
 * stored refresh token (12 h) before the first render, so a reload after lunch
 * does not ask to sign in again.
 */
export async function resumeSession(config: RuntimeConfig, storage: Storage = sessionStorage, fetchImpl: typeof fetch = fetch): Promise<ResumedSession> {
  const session = loadSession(storage);
  if (session || config.mode !== 'cognito') return { session };
  const refreshToken = loadRefreshToken(storage);
  if (!refreshToken) return { session: null };
  try {
    return { session: saveTokens(await refreshTokens(config, refreshToken, fetchImpl), storage) };
  } catch (error) {
    if (error instanceof SessionEndedError) {
      clearSession(storage);
      return { session: null, notice: SESSION_ENDED_NOTICE };
    }
    // Keep the refresh token: once Cognito answers again, a reload resumes the session.
    return { session: null, notice: COGNITO_UNREACHABLE_NOTICE };
  }
}
