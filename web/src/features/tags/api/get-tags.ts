import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type Tag = components['schemas']['TagResponse'];

/** Tags with published posts, most used first. */
export const tagsQueryOptions = () => $api.queryOptions('get', '/api/v1/tags');

export function useTags() {
  return useQuery(tagsQueryOptions());
}

/** One tag by slug, from the tag list. */
export function useTag(slug: string) {
  return useQuery({ ...tagsQueryOptions(), select: (tags) => tags.find((t) => t.slug === slug) ?? null });
}
