import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

import type { SearchQuery } from '../utils/search-params';

export type SearchHit = components['schemas']['SearchHit'];
export type SearchMode = components['schemas']['SearchMode'];
export type SearchResults = components['schemas']['SearchResults'];

const PAGE_SIZE = 10;

/** The results for one query and its filters, one cursor page at a time. */
export function searchQueryOptions(query: SearchQuery) {
  return cursorPagesQueryOptions('/api/v1/search', {
    q: query.q,
    mode: query.mode,
    ...(query.tag ? { tag: query.tag } : {}),
    ...(query.series ? { series: query.series } : {}),
    ...(query.difficulty ? { difficulty: query.difficulty } : {}),
    limit: PAGE_SIZE,
  });
}

/** Search results; nothing is asked while the query is blank. */
export function useSearch(query: SearchQuery) {
  return useInfiniteQuery({ ...searchQueryOptions(query), enabled: query.q.trim() !== '' });
}
