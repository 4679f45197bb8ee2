import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type SeriesSummary = components['schemas']['SeriesSummary'];

const PAGE_SIZE = 20;

/** Series with published posts, newest first, one cursor page at a time. */
export function seriesListQueryOptions() {
  return cursorPagesQueryOptions('/api/v1/series', { limit: PAGE_SIZE });
}

export function useSeriesList() {
  return useInfiniteQuery(seriesListQueryOptions());
}
