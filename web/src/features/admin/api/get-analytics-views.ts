import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type DayViews = components['schemas']['DayViews'];

/** One row per day of the range, oldest first: the whole site's views, or one post's when `post` is a slug. */
export const analyticsViewsQueryOptions = (from: string, to: string, post?: string) =>
  $api.queryOptions('get', '/api/v1/admin/analytics/views', {
    params: { query: post ? { from, to, post } : { from, to } },
  });

export function useAnalyticsViews(from: string, to: string, post?: string) {
  return useQuery({ ...analyticsViewsQueryOptions(from, to, post), placeholderData: (previous) => previous });
}
