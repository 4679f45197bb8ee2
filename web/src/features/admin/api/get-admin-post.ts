import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type AdminPost = components['schemas']['AdminPostResponse'];

export const adminPostQueryOptions = (id: string) =>
  $api.queryOptions('get', '/api/v1/admin/posts/{id}', { params: { path: { id } } });

export function useAdminPost(id: string) {
  return useQuery(adminPostQueryOptions(id));
}
