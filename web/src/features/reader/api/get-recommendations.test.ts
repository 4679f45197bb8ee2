import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { fetchClient } from '@/lib/api-client';

import { recommendationsKey, recommendationsQuery, recommendationsQueryOptions, RECOMMENDATIONS_LIMIT } from './get-recommendations';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Watches the query as a mounted component would, and reports what it asked the API. */
async function observe(signedIn: boolean) {
  const get = vi.spyOn(fetchClient, 'GET').mockResolvedValue({ data: { items: [] }, response: new Response('{}') } as never);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const observer = new QueryObserver(client, recommendationsQuery(signedIn));
  const unsubscribe = observer.subscribe(() => {});
  await vi.waitFor(() => expect(observer.getCurrentResult().fetchStatus).toBe('idle'));
  unsubscribe();
  return get.mock.calls.map((call) => (call as unknown[])[0]);
}

describe('recommendationsQuery', () => {
  it('makes no request for an anonymous visitor', async () => {
    expect(recommendationsQuery(false).enabled).toBe(false);
    expect(await observe(false)).toEqual([]);
  });

  it("asks for a signed-in reader's suggestions", async () => {
    expect(await observe(true)).toEqual(['/api/v1/me/recommendations']);
  });
});

describe('recommendationsKey', () => {
  it('matches the cached answer whatever the limit', () => {
    const key = recommendationsQueryOptions().queryKey;
    expect(key.slice(0, 2)).toEqual(recommendationsKey());
    expect(key[2]).toEqual({ params: { query: { limit: RECOMMENDATIONS_LIMIT } } });
  });
});
