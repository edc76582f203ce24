import { createContext, useContext } from 'react';
import type { ApiClient, Remedy } from './api/client';
import type { RuntimeConfig } from './auth/config';
import type { Session } from './auth/session';
import type { Action } from './lib/roles';

export interface AppContextValue {
  readonly config: RuntimeConfig;
  readonly session: Session;
  readonly client: ApiClient;
  readonly signOut: () => void;
  /** Words and remedy for an error; `action` names what the user tried (for 403). */
  readonly remedy: (error: unknown, action?: Action | string) => Remedy;
  /** May the signed-in user take this action? The console hides what it may not. */
  readonly can: (action: Action) => boolean;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside <AppContext.Provider>');
  return value;
}
