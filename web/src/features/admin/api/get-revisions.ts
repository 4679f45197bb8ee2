import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type RevisionSummary = components['schemas']['RevisionSummary'];

const PAGE_SIZE = 20;

/** Every saved version of a post, newest first. */
export function revisionsQueryOptions(postId: string) {
  return cursorPagesQueryOptions('/api/v1/admin/posts/{id}/revisions', { limit: PAGE_SIZE }, { id: postId });
}

export function useRevisions(postId: string) {
  return useInfiniteQuery(revisionsQueryOptions(postId));
}
