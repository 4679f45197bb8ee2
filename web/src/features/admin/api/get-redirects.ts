import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type Redirect = components['schemas']['Redirect'];

const PAGE_SIZE = 50;

/** Every redirect, by old path. */
export function redirectsQueryOptions() {
  return cursorPagesQueryOptions('/api/v1/admin/redirects', { limit: PAGE_SIZE });
}

/** Matches every cached page of redirects, for invalidation after a change. */
export function redirectsKey() {
  return $api.queryOptions('get', '/api/v1/admin/redirects').queryKey;
}

export function useRedirects() {
  return useInfiniteQuery(redirectsQueryOptions());
}
