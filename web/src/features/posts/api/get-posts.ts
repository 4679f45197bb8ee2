import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api, fetchClient } from '@/lib/api-client';

export type PostSummary = components['schemas']['PostSummary'];
export type Difficulty = components['schemas']['Difficulty'];

export interface PostsFilter {
  tag?: string | undefined;
  series?: string | undefined;
  difficulty?: Difficulty | undefined;
}

const PAGE_SIZE = 10;

/** Published posts, newest first, one cursor page at a time. */
export function postsQueryOptions(filter: PostsFilter = {}) {
  const query = {
    ...(filter.tag ? { tag: filter.tag } : {}),
    ...(filter.series ? { series: filter.series } : {}),
    ...(filter.difficulty ? { difficulty: filter.difficulty } : {}),
    limit: PAGE_SIZE,
  };
  return infiniteQueryOptions({
    queryKey: $api.queryOptions('get', '/api/v1/posts', { params: { query } }).queryKey,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error } = await fetchClient.GET('/api/v1/posts', {
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

export function usePosts(filter: PostsFilter = {}) {
  return useInfiniteQuery(postsQueryOptions(filter));
}
