import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type TopPost = components['schemas']['TopPost'];

/** The most viewed posts of the range, most viewed first. */
export const analyticsTopPostsQueryOptions = (from: string, to: string, limit = 10) =>
  $api.queryOptions('get', '/api/v1/admin/analytics/top-posts', { params: { query: { from, to, limit } } });

export function useAnalyticsTopPosts(from: string, to: string, limit?: number) {
  return useQuery({ ...analyticsTopPostsQueryOptions(from, to, limit), placeholderData: (previous) => previous });
}
