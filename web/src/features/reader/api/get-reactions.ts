import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type Reactions = components['schemas']['Reactions'];
export type ReactionKind = components['schemas']['ReactionKind'];

/** A post's reaction counts, and mine when signed in. */
export const reactionsQueryOptions = (slug: string) =>
  $api.queryOptions('get', '/api/v1/posts/{slug}/reactions', { params: { path: { slug } } });

export function useReactions(slug: string) {
  return useQuery(reactionsQueryOptions(slug));
}
