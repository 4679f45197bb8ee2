import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type Post = components['schemas']['PostResponse'];

export const postQueryOptions = (slug: string) =>
  $api.queryOptions('get', '/api/v1/posts/{slug}', { params: { path: { slug } } });

export function usePost(slug: string) {
  return useQuery(postQueryOptions(slug));
}
