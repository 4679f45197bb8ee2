import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type Note = components['schemas']['Note'];

const PAGE_SIZE = 20;

/** My notes, newest first: on the post with this slug, or on every post. */
export function notesQueryOptions(post?: string) {
  return cursorPagesQueryOptions('/api/v1/me/notes', { limit: PAGE_SIZE, ...(post ? { post } : {}) });
}

/** Matches every cached list of my notes (one post's, all of them), for invalidation after a change. */
export function notesKey() {
  return $api.queryOptions('get', '/api/v1/me/notes').queryKey;
}

export function useNotes(post?: string) {
  return useInfiniteQuery(notesQueryOptions(post));
}
