import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

/** How many posts the command palette lists. */
export const QUICK_LIMIT = 5;

/**
 * A few posts for a query being typed: keyword mode (fast, and the API matches the last
 * word as a prefix), no filters.
 */
export const quickSearchQueryOptions = (q: string) =>
  $api.queryOptions('get', '/api/v1/search', { params: { query: { q, mode: 'keyword', limit: QUICK_LIMIT } } });

/** Keeps the previous answer on screen while the next one loads, so the list does not flicker. */
export function useQuickSearch(q: string) {
  return useQuery({ ...quickSearchQueryOptions(q), enabled: q.trim() !== '', placeholderData: keepPreviousData });
}
