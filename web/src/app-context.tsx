import { createContext, useContext, useMemo } from 'react';
import { ApiError, type ApiClient, type Remedy } from './api/client';
import type { RuntimeConfig } from './auth/config';
import type { Session } from './auth/session';
import { useResource } from './lib/hooks';
import { isRole, type Action, type Permission, type PermissionState } from './lib/roles';

export interface AppContextValue {
  readonly config: RuntimeConfig;
  readonly session: Session;
  readonly client: ApiClient;
  readonly signOut: () => void;
  /** Words and remedy for an error; `action` names what the user tried (for 403). */
  readonly remedy: (error: unknown, action?: Action | string) => Remedy;
  /** May the signed-in user take this action (GET /user/permissions)? */
  readonly can: (action: Action) => boolean;
  /** The same, with the reason a disabled control shows, e.g. "Requires RecoveryManager; your role is Operator." */
  readonly permission: (action: Action) => Permission;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside <AppContext.Provider>');
  return value;
}

/**
 * What the signed-in user may do, as the API says (GET /user/permissions,
 * derived from the route table). Loaded once per user and role, kept fresh
 * slowly, and retried with backoff after a failure, so the console recovers
 * when the API comes back. A 403 means the user holds no role.
 */
export function usePermissions(client: ApiClient, session: Pick<Session, 'username' | 'role'>): PermissionState {
  const permissions = useResource((signal) => client.getUserPermissions(signal), [session.username, session.role], {
    poll: { initialDelayMs: 60_000, maxDelayMs: 900_000 },
  });
  return useMemo<PermissionState>(() => {
    if (permissions.data) return { status: 'ready', role: isRole(permissions.data.role) ? permissions.data.role : null, operations: permissions.data.operations };
    if (permissions.error instanceof ApiError && permissions.error.status === 403) return { status: 'noRole' };
    if (permissions.error) return { status: 'error', message: permissions.error instanceof Error ? permissions.error.message : String(permissions.error) };
    return { status: 'loading' };
  }, [permissions.data, permissions.error]);
}
