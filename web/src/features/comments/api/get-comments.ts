import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type Comment = components['schemas']['Comment'];
export type CommentThread = components['schemas']['CommentThread'];

const PAGE_SIZE = 20;

/** A post's threads, oldest first, a page of top-level comments (with all their replies) at a time. */
export function commentsQueryOptions(slug: string) {
  return cursorPagesQueryOptions('/api/v1/posts/{slug}/comments', { limit: PAGE_SIZE }, { slug });
}

/** Matches every cached page of a post's comments, for invalidation after a change. */
export function commentsKey(slug: string) {
  return $api.queryOptions('get', '/api/v1/posts/{slug}/comments', { params: { path: { slug } } }).queryKey;
}

export function useComments(slug: string) {
  return useInfiniteQuery(commentsQueryOptions(slug));
}
