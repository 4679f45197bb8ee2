/**
 * The session: the access token, kept in memory only. The refresh token never reaches
 * JavaScript; it lives in an httpOnly cookie scoped to /api/v1/auth.
 */

export type SessionStatus = 'restoring' | 'ready';

export interface SessionState {
  /** `restoring` until the first silent refresh has answered. */
  status: SessionStatus;
  accessToken: string | null;
}

type Listener = () => void;

export interface SessionStore {
  getState(): SessionState;
  subscribe(listener: Listener): () => void;
  /** Stores a fresh access token (sign-in, register, refresh). */
  setAccessToken(token: string): void;
  /** Forgets the access token (sign-out, failed refresh). */
  clear(): void;
  /** Marks the start-up restore as finished, whatever its outcome. */
  markReady(): void;
}

export function createSessionStore(initial: Partial<SessionState> = {}): SessionStore {
  let state: SessionState = { status: 'restoring', accessToken: null, ...initial };
  const listeners = new Set<Listener>();

  const set = (next: Partial<SessionState>) => {
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setAccessToken: (token) => set({ accessToken: token }),
    clear: () => set({ accessToken: null }),
    markReady: () => {
      if (state.status !== 'ready') set({ status: 'ready' });
    },
  };
}

/** The app's one session. */
export const session = createSessionStore();
