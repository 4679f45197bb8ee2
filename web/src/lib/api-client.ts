import createFetchClient, { type Client, type Middleware } from 'openapi-fetch';
import createQueryClient from 'openapi-react-query';

import type { paths } from '@/api/schema';

import { session as appSession, type SessionStore } from './auth-store';

/**
 * Endpoints whose 401 means "wrong credentials" or "no session", never "access token
 * expired": refreshing on them would loop or hide the real answer. `/auth/me` and
 * `/auth/logout` are not here on purpose: an expired access token there is renewed like
 * anywhere else, so sign-out still revokes the refresh token.
 */
const NO_REFRESH_PATHS: ReadonlySet<string> = new Set([
  '/api/v1/auth/login',
  '/api/v1/auth/register',
  '/api/v1/auth/refresh',
]);

export interface ApiClientOptions {
  /** Origin of the API; '' means the page's own origin. */
  baseUrl?: string;
  /** The fetch implementation (tests pass a fake one). */
  fetch?: typeof globalThis.fetch;
  session?: SessionStore;
}

export interface ApiClient {
  fetchClient: Client<paths>;
  /**
   * Exchanges the refresh cookie for a new access token. Concurrent callers share one
   * request. Resolves to the new token, or null after clearing the session.
   */
  refreshSession(): Promise<string | null>;
  /**
   * On start-up: signs back in from the refresh cookie if the session hint says there is
   * one (failure just means anonymous), then marks the session ready. Requests made
   * meanwhile wait for it, so they go out with the reader's token rather than anonymously.
   */
  restoreSession(cookies: string): Promise<void>;
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const store = options.session ?? appSession;
  const fetchClient = createFetchClient<paths>({ baseUrl: options.baseUrl ?? '', fetch: options.fetch });

  let inFlight: Promise<string | null> | null = null;

  const refreshSession = (): Promise<string | null> => {
    inFlight ??= (async () => {
      try {
        // No body: the refresh token travels in the httpOnly cookie.
        const { data } = await fetchClient.POST('/api/v1/auth/refresh', { credentials: 'include' });
        if (data) {
          store.setAccessToken(data.access_token);
          return data.access_token;
        }
      } catch {
        // A network failure is a failed refresh too: the old access token is already refused.
      } finally {
        inFlight = null;
      }
      store.clear();
      return null;
    })();
    return inFlight;
  };

  // The start-up refresh while it runs: a premium post fetched during it must not be the
  // teaser an anonymous reader gets.
  let restoring: Promise<unknown> | null = null;

  const restoreSession = async (cookies: string): Promise<void> => {
    try {
      if (hasSessionHint(cookies)) {
        restoring = refreshSession();
        await restoring;
      }
    } finally {
      restoring = null;
      store.markReady();
    }
  };

  // A copy of each retryable request, taken before fetch consumes its body.
  const pending = new Map<string, { retry: Request; sentToken: string | null }>();

  const auth: Middleware = {
    async onRequest({ request, schemaPath, id }) {
      if (restoring && schemaPath !== '/api/v1/auth/refresh') await restoring;
      const token = store.getState().accessToken;
      if (token && !request.headers.has('Authorization')) {
        request.headers.set('Authorization', `Bearer ${token}`);
      }
      if (!NO_REFRESH_PATHS.has(schemaPath)) {
        pending.set(id, { retry: request.clone(), sentToken: token });
      }
      return request;
    },
    async onResponse({ response, id, options: merged }) {
      const entry = pending.get(id);
      pending.delete(id);
      if (response.status !== 401 || !entry) return undefined;

      // Another request may have renewed the token while this one was on the wire.
      const current = store.getState().accessToken;
      const token = current && current !== entry.sentToken ? current : await refreshSession();
      if (!token) return undefined;

      entry.retry.headers.set('Authorization', `Bearer ${token}`);
      // Called unbound, as openapi-fetch does: window.fetch throws "Illegal invocation"
      // when its receiver is any object other than window.
      const send = merged.fetch;
      return send(entry.retry);
    },
    onError({ id }) {
      pending.delete(id);
      return undefined;
    },
  };
  fetchClient.use(auth);

  return { fetchClient, refreshSession, restoreSession };
}

const app = createApiClient();

/** The one typed fetch client for the API (same origin). */
export const fetchClient = app.fetchClient;

/** TanStack Query bindings on top of `fetchClient`; build every query key with `$api.queryOptions`. */
export const $api = createQueryClient(fetchClient);

export const refreshSession = app.refreshSession;

/**
 * Whether the server has marked this browser as signed in. The refresh cookie itself is
 * httpOnly; the API sets this secret-free `lectern_session=1` beside it and expires both
 * together, so anonymous visitors skip the start-up refresh (and its 401) entirely.
 */
export function hasSessionHint(cookies: string): boolean {
  return cookies.split(';').some((c) => c.trim() === 'lectern_session=1');
}

/** On start-up: sign back in from the refresh cookie if there is one; failure just means anonymous. */
export function restoreSession(cookies: string = document.cookie): Promise<void> {
  return app.restoreSession(cookies);
}
