import { infiniteQueryOptions } from '@tanstack/react-query';

import type { paths } from '@/api/schema';

import { $api, fetchClient } from './api-client';

/** The GET endpoints that page with `cursor` and answer `{ items, next_cursor }`. */
type CursorPath = {
  [P in keyof paths]: paths[P] extends { get: { parameters: { query?: { cursor?: string } } } } ? P : never;
}[keyof paths];

type QueryOf<P extends CursorPath> = Omit<NonNullable<paths[P]['get']['parameters']['query']>, 'cursor'>;
/** The path parameters of a list endpoint (`{ slug }`), or undefined when it has none. */
type PathParamsOf<P extends CursorPath> = paths[P]['get']['parameters'] extends { path: infer A extends object } ? A : undefined;
type PageOf<P extends CursorPath> = paths[P]['get'] extends {
  responses: { 200: { content: { 'application/json': infer Page extends { next_cursor?: string | null } } } };
}
  ? Page
  : never;

// openapi-fetch cannot check a request against a path that is still a type parameter; the
// signature above does that for every caller instead.
type UncheckedGet = (
  path: string,
  init: { params: { query: Record<string, unknown>; path?: object }; signal: AbortSignal },
) => Promise<{ data?: unknown; error?: unknown }>;

/**
 * One list endpoint as an infinite query: `query` (filters and `limit`) and, for a list under
 * a resource, `pathParams` (`{ slug }`) name the list in the cache, and each further page
 * asks for the `next_cursor` of the one before.
 */
export function cursorPagesQueryOptions<P extends CursorPath>(path: P, query: QueryOf<P>, pathParams?: PathParamsOf<P>) {
  const params = pathParams ? { query, path: pathParams } : { query };
  return infiniteQueryOptions({
    queryKey: $api.queryOptions('get', path as '/api/v1/posts', { params } as never).queryKey,
    queryFn: async ({ pageParam, signal }) => {
      const get = fetchClient.GET as unknown as UncheckedGet;
      const pageQuery = { ...query, ...(pageParam ? { cursor: pageParam } : {}) };
      const { data, error } = await get(path, { params: { ...params, query: pageQuery }, signal });
      if (error) throw error;
      return data as PageOf<P>;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last: PageOf<P>) => last.next_cursor ?? null,
  });
}
