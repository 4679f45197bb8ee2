import { keepPreviousData, useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type AdminPostSummary = components['schemas']['AdminPostSummary'];
export type PostStatus = components['schemas']['PostStatus'];

export interface AdminPostsParams {
  status?: PostStatus | undefined;
  cursor?: string | undefined;
  limit?: number;
}

export const adminPostsQueryOptions = ({ status, cursor, limit = 20 }: AdminPostsParams = {}) =>
  $api.queryOptions('get', '/api/v1/admin/posts', {
    params: { query: { ...(status ? { status } : {}), ...(cursor ? { cursor } : {}), limit } },
  });

/** One page of posts in any status; the previous page stays on screen while the next loads. */
export function useAdminPosts(params: AdminPostsParams = {}) {
  return useQuery({ ...adminPostsQueryOptions(params), placeholderData: keepPreviousData });
}
