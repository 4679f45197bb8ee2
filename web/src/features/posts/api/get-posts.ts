import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

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
  return cursorPagesQueryOptions('/api/v1/posts', query);
}

export function usePosts(filter: PostsFilter = {}) {
  return useInfiniteQuery(postsQueryOptions(filter));
}
