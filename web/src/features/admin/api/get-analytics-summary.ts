import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type AnalyticsSummary = components['schemas']['AnalyticsSummary'];
export type DayCount = components['schemas']['DayCount'];

/** Views, visitors and sign-ups over `from`..`to` (both `YYYY-MM-DD`, included), and today's queue and subscribers. */
export const analyticsSummaryQueryOptions = (from: string, to: string) =>
  $api.queryOptions('get', '/api/v1/admin/analytics/summary', { params: { query: { from, to } } });

export function useAnalyticsSummary(from: string, to: string) {
  return useQuery({ ...analyticsSummaryQueryOptions(from, to), placeholderData: (previous) => previous });
}
