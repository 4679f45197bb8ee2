import { describe, expect, it } from 'vitest';

import { createApiClient, hasSessionHint } from './api-client';
import { createSessionStore } from './auth-store';

const BASE = 'http://api.test';

function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

const problem401 = { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'token expired' };

function tokenPair(token: string) {
  return { access_token: token, refresh_token: 'opaque', token_type: 'Bearer', expires_in: 900 };
}

interface Call {
  method: string;
  path: string;
  authorization: string | null;
  credentials: RequestCredentials;
  body: string;
}

/**
 * A fake API: `valid` is the only access token it accepts; the refresh endpoint answers
 * with `refreshResult` (a token or a 401) after `refreshDelay` ms.
 */
function fakeApi(opts: { valid: string; refreshResult: string | null; refreshDelay?: number }) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const req = input as Request;
    const path = new URL(req.url).pathname;
    calls.push({
      method: req.method,
      path,
      authorization: req.headers.get('Authorization'),
      credentials: req.credentials,
      body: await req.text(),
    });
    if (path === '/api/v1/auth/refresh') {
      await new Promise((r) => setTimeout(r, opts.refreshDelay ?? 0));
      return opts.refreshResult
        ? json(200, tokenPair(opts.refreshResult))
        : json(401, problem401, 'application/problem+json');
    }
    if (req.headers.get('Authorization') !== `Bearer ${opts.valid}`) {
      return json(401, problem401, 'application/problem+json');
    }
    if (path === '/api/v1/admin/render') return json(200, { html: '<p>ok</p>', reading_minutes: 1 });
    return json(200, { items: [], next_cursor: null });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

describe('auth middleware', () => {
  it('holds requests made during the start-up refresh until it has a token', async () => {
    const api = fakeApi({ valid: 'restored', refreshResult: 'restored', refreshDelay: 20 });
    const session = createSessionStore();
    const { fetchClient, restoreSession } = createApiClient({ baseUrl: BASE, fetch: api.fetch, session });

    const restored = restoreSession('theme=dark; lectern_session=1');
    // A page asking for a (premium) post while the session is still being restored.
    const { response } = await fetchClient.GET('/api/v1/admin/posts');
    await restored;

    expect(response.status).toBe(200);
    expect(api.calls.map((c) => [c.path, c.authorization])).toEqual([
      ['/api/v1/auth/refresh', null],
      ['/api/v1/admin/posts', 'Bearer restored'],
    ]);
    expect(session.getState().status).toBe('ready');
  });

  it('restores nothing without the session hint and lets requests go at once', async () => {
    const api = fakeApi({ valid: 'restored', refreshResult: 'restored' });
    const session = createSessionStore();
    const { fetchClient, restoreSession } = createApiClient({ baseUrl: BASE, fetch: api.fetch, session });

    await restoreSession('theme=dark');
    expect(session.getState().status).toBe('ready');
    await fetchClient.GET('/api/v1/posts');

    // The first call is the request itself, anonymous: no start-up refresh went first.
    expect([api.calls[0]?.path, api.calls[0]?.authorization]).toEqual(['/api/v1/posts', null]);
  });

  it('sends the access token as a bearer header', async () => {
    const api = fakeApi({ valid: 'good', refreshResult: null });
    const session = createSessionStore({ accessToken: 'good' });
    const { fetchClient } = createApiClient({ baseUrl: BASE, fetch: api.fetch, session });

    const { data } = await fetchClient.GET('/api/v1/admin/posts');

    expect(data).toEqual({ items: [], next_cursor: null });
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]?.authorization).toBe('Bearer good');
  });

  it('on a 401 refreshes once with the cookie, then retries the request with the new token', async () => {
    const api = fakeApi({ valid: 'fresh', refreshResult: 'fresh' });
    const session = createSessionStore({ accessToken: 'expired' });
    const { fetchClient } = createApiClient({ baseUrl: BASE, fetch: api.fetch, session });

    const { data, error, response } = await fetchClient.POST('/api/v1/admin/render', {
      body: { markdown: '# hi' },
    });

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual({ html: '<p>ok</p>', reading_minutes: 1 });
    expect(api.calls.map((c) => c.path)).toEqual([
      '/api/v1/admin/render',
      '/api/v1/auth/refresh',
      '/api/v1/admin/render',
    ]);
    const [first, refresh, retry] = api.calls;
    expect(first?.authorization).toBe('Bearer expired');
    expect(refresh?.method).toBe('POST');
    expect(refresh?.credentials).toBe('include');
    expect(refresh?.body).toBe('');
    expect(retry?.authorization).toBe('Bearer fresh');
    // The retried request carries the same body as the original.
    expect(retry?.body).toBe(JSON.stringify({ markdown: '# hi' }));
    expect(session.getState().accessToken).toBe('fresh');
  });

  it('calls fetch without a receiver, as browsers require', async () => {
    const api = fakeApi({ valid: 'fresh', refreshResult: 'fresh' });
    const session = createSessionStore({ accessToken: 'expired' });
    // Like window.fetch, which throws "Illegal invocation" when called as a method of
    // another object.
    const strictFetch = function (this: unknown, input: RequestInfo | URL) {
      if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
      return api.fetch(input);
    } as typeof globalThis.fetch;
    const { fetchClient } = createApiClient({ baseUrl: BASE, fetch: strictFetch, session });

    const { response } = await fetchClient.POST('/api/v1/auth/logout', {});

    expect(response.status).toBe(200);
    expect(api.calls.map((c) => c.path)).toEqual(['/api/v1/auth/logout', '/api/v1/auth/refresh', '/api/v1/auth/logout']);
  });

  it('retries only once when the retry is refused too', async () => {
    // The refresh hands out a token the API still refuses.
    const api = fakeApi({ valid: 'never', refreshResult: 'fresh' });
    const session = createSessionStore({ accessToken: 'expired' });
    const { fetchClient } = createApiClient({ baseUrl: BASE, fetch: api.fetch, session });

    const { error, response } = await fetchClient.GET('/api/v1/admin/posts');

    expect(response.status).toBe(401);
    expect(error).toMatchObject({ status: 401 });
    expect(api.calls.map((c) => c.path)).toEqual([
      '/api/v1/admin/posts',
      '/api/v1/auth/refresh',
      '/api/v1/admin/posts',
    ]);
  });

  it('shares one refresh between concurrent 401s', async () => {
    const api = fakeApi({ valid: 'fresh', refreshResult: 'fresh', refreshDelay: 20 });
    const session = createSessionStore({ accessToken: 'expired' });
    const { fetchClient } = createApiClient({ baseUrl: BASE, fetch: api.fetch, session });

    const results = await Promise.all([
      fetchClient.GET('/api/v1/admin/posts'),
      fetchClient.GET('/api/v1/admin/tags'),
      fetchClient.GET('/api/v1/admin/series'),
    ]);

    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(api.calls.filter((c) => c.path === '/api/v1/auth/refresh')).toHaveLength(1);
    const retries = api.calls.filter((c) => c.path !== '/api/v1/auth/refresh' && c.authorization === 'Bearer fresh');
    expect(retries).toHaveLength(3);
  });

  it('clears the session when the refresh fails and returns the original 401', async () => {
    const api = fakeApi({ valid: 'fresh', refreshResult: null });
    const session = createSessionStore({ status: 'ready', accessToken: 'expired' });
    let notified = 0;
    session.subscribe(() => notified++);
    const { fetchClient } = createApiClient({ baseUrl: BASE, fetch: api.fetch, session });

    const { error, response } = await fetchClient.GET('/api/v1/admin/posts');

    expect(response.status).toBe(401);
    expect(error).toMatchObject({ status: 401, detail: 'token expired' });
    expect(session.getState().accessToken).toBeNull();
    expect(notified).toBeGreaterThan(0);
    // The failed refresh is not followed by a retry.
    expect(api.calls.map((c) => c.path)).toEqual(['/api/v1/admin/posts', '/api/v1/auth/refresh']);
  });

  it('clears the session when the refresh cannot reach the server', async () => {
    const session = createSessionStore({ accessToken: 'expired' });
    const fetch = (async (input: RequestInfo | URL) => {
      const path = new URL((input as Request).url).pathname;
      if (path === '/api/v1/auth/refresh') throw new TypeError('network down');
      return json(401, problem401, 'application/problem+json');
    }) as typeof globalThis.fetch;
    const { fetchClient } = createApiClient({ baseUrl: BASE, fetch, session });

    const { response } = await fetchClient.GET('/api/v1/admin/tags');

    expect(response.status).toBe(401);
    expect(session.getState().accessToken).toBeNull();
  });

  it('never refreshes on a 401 from sign-in', async () => {
    const api = fakeApi({ valid: 'fresh', refreshResult: 'fresh' });
    const session = createSessionStore();
    const { fetchClient } = createApiClient({ baseUrl: BASE, fetch: api.fetch, session });

    const { response } = await fetchClient.POST('/api/v1/auth/login', {
      body: { email: 'a@b.c', password: 'wrong-password' },
    });

    expect(response.status).toBe(401);
    expect(api.calls.map((c) => c.path)).toEqual(['/api/v1/auth/login']);
    expect(session.getState().accessToken).toBeNull();
  });

  it('reuses a token renewed meanwhile instead of refreshing again', async () => {
    const api = fakeApi({ valid: 'fresh', refreshResult: 'other' });
    const session = createSessionStore({ accessToken: 'expired' });
    const { fetchClient } = createApiClient({ baseUrl: BASE, fetch: api.fetch, session });
    // Simulate a refresh finishing while this request was in flight.
    const slowFetch = (async (input: RequestInfo | URL) => {
      const res = await api.fetch(input);
      session.setAccessToken('fresh');
      return res;
    }) as typeof globalThis.fetch;

    const { response } = await fetchClient.GET('/api/v1/admin/posts', { fetch: slowFetch });

    expect(response.status).toBe(200);
    expect(api.calls.map((c) => c.path)).toEqual(['/api/v1/admin/posts', '/api/v1/admin/posts']);
    expect(api.calls[1]?.authorization).toBe('Bearer fresh');
  });

  it('refreshSession called directly dedupes and stores the token', async () => {
    const api = fakeApi({ valid: 'fresh', refreshResult: 'fresh', refreshDelay: 10 });
    const session = createSessionStore();
    const { refreshSession } = createApiClient({ baseUrl: BASE, fetch: api.fetch, session });

    const [a, b] = await Promise.all([refreshSession(), refreshSession()]);

    expect(a).toBe('fresh');
    expect(b).toBe('fresh');
    expect(api.calls).toHaveLength(1);
    expect(session.getState().accessToken).toBe('fresh');
  });
});

describe('hasSessionHint', () => {
  it('finds the marker among other cookies', () => {
    expect(hasSessionHint('theme=dark; lectern_session=1; x=y')).toBe(true);
    expect(hasSessionHint('lectern_session=1')).toBe(true);
  });

  it('is false without the marker or with another value', () => {
    expect(hasSessionHint('')).toBe(false);
    expect(hasSessionHint('lectern_session=0; other=1')).toBe(false);
    expect(hasSessionHint('not_lectern_session=1')).toBe(false);
  });
});
