import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type ReferrerViews = components['schemas']['ReferrerViews'];

/** The sites readers came from in the range; direct views are one row with `host: null`. */
export const analyticsReferrersQueryOptions = (from: string, to: string, limit = 10) =>
  $api.queryOptions('get', '/api/v1/admin/analytics/referrers', { params: { query: { from, to, limit } } });

export function useAnalyticsReferrers(from: string, to: string, limit?: number) {
  return useQuery({ ...analyticsReferrersQueryOptions(from, to, limit), placeholderData: (previous) => previous });
}
