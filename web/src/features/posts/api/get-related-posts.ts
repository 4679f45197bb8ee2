import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type RelatedPosts = components['schemas']['RelatedPosts'];

/** Posts like this one: nearest by meaning, or by shared tags and series without a model. */
export const relatedPostsQueryOptions = (slug: string) =>
  $api.queryOptions('get', '/api/v1/posts/{slug}/related', { params: { path: { slug }, query: { limit: 4 } } });

/** `enabled: false` only reads the answer another part of the page asked for. */
export function useRelatedPosts(slug: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...relatedPostsQueryOptions(slug), enabled });
}
