import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api, fetchClient } from '@/lib/api-client';

export type DeadJob = components['schemas']['DeadJob'];

const PAGE_SIZE = 20;

/** Jobs that failed on every attempt, one cursor page at a time. */
export function deadJobsQueryOptions() {
  const query = { limit: PAGE_SIZE };
  return infiniteQueryOptions({
    queryKey: $api.queryOptions('get', '/api/v1/admin/jobs/dead', { params: { query } }).queryKey,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error } = await fetchClient.GET('/api/v1/admin/jobs/dead', {
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

export function useDeadJobs() {
  return useInfiniteQuery(deadJobsQueryOptions());
}
