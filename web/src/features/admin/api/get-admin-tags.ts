import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type AdminTag = components['schemas']['TagResponse'];

/** Every tag, by name, with all its posts counted. */
export const adminTagsQueryOptions = () => $api.queryOptions('get', '/api/v1/admin/tags');

export function useAdminTags() {
  return useQuery(adminTagsQueryOptions());
}
