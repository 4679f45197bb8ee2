import { useInfiniteQuery, useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type AdminSeriesSummary = components['schemas']['SeriesSummary'];

const PAGE_SIZE = 20;

/** Every series, newest first, one cursor page at a time. */
export function adminSeriesListQueryOptions() {
  return cursorPagesQueryOptions('/api/v1/admin/series', { limit: PAGE_SIZE });
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
