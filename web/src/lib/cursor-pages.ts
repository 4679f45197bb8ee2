import { infiniteQueryOptions } from '@tanstack/react-query';

import type { paths } from '@/api/schema';

import { $api, fetchClient } from './api-client';

/** The GET endpoints that page with `cursor` and answer `{ items, next_cursor }`. */
type CursorPath = {
  [P in keyof paths]: paths[P] extends { get: { parameters: { query?: { cursor?: string } } } } ? P : never;
}[keyof paths];

type QueryOf<P extends CursorPath> = Omit<NonNullable<paths[P]['get']['parameters']['query']>, 'cursor'>;
type PageOf<P extends CursorPath> = paths[P]['get'] extends {
  responses: { 200: { content: { 'application/json': infer Page extends { next_cursor?: string | null } } } };
}
  ? Page
  : never;

// openapi-fetch cannot check a request against a path that is still a type parameter; the
// signature above does that for every caller instead.
type UncheckedGet = (
  path: string,
  init: { params: { query: Record<string, unknown> }; signal: AbortSignal },
) => Promise<{ data?: unknown; error?: unknown }>;

/**
 * One list endpoint as an infinite query: `query` (filters and `limit`) names the list in
 * the cache, and each further page asks for the `next_cursor` of the one before.
 */
export function cursorPagesQueryOptions<P extends CursorPath>(path: P, query: QueryOf<P>) {
  return infiniteQueryOptions({
    queryKey: $api.queryOptions('get', path as '/api/v1/posts', { params: { query } } as never).queryKey,
    queryFn: async ({ pageParam, signal }) => {
      const get = fetchClient.GET as unknown as UncheckedGet;
      const { data, error } = await get(path, { params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } }, signal });
      if (error) throw error;
      return data as PageOf<P>;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last: PageOf<P>) => last.next_cursor ?? null,
  });
}
