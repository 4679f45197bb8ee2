import { useSyncExternalStore } from 'react';

import { session, type SessionState } from '@/lib/auth-store';

/** The in-memory session, re-rendering on sign-in, sign-out and refresh. */
export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.getState, session.getState);
}
