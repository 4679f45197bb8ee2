import { infiniteQueryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api, fetchClient } from '@/lib/api-client';

export type AdminSeriesSummary = components['schemas']['SeriesSummary'];

const PAGE_SIZE = 20;

/** Every series, newest first, one cursor page at a time. */
export function adminSeriesListQueryOptions() {
  const query = { limit: PAGE_SIZE };
  return infiniteQueryOptions({
    queryKey: $api.queryOptions('get', '/api/v1/admin/series', { params: { query } }).queryKey,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error } = await fetchClient.GET('/api/v1/admin/series', {
        params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } },
        signal,
      });
      if (error) throw error;
      return data;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

export function useAdminSeriesList() {
  return useInfiniteQuery(adminSeriesListQueryOptions());
}

/** The newest 100 series, for pickers. */
export const seriesChoicesQueryOptions = () =>
  $api.queryOptions('get', '/api/v1/admin/series', { params: { query: { limit: 100 } } });

export function useSeriesChoices() {
  return useQuery(seriesChoicesQueryOptions());
}
