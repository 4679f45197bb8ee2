import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type Bookmark = components['schemas']['Bookmark'];

const PAGE_SIZE = 20;

/** My bookmarks, most recent first. */
export function bookmarksQueryOptions() {
  return cursorPagesQueryOptions('/api/v1/me/bookmarks', { limit: PAGE_SIZE });
}

export function useBookmarks() {
  return useInfiniteQuery(bookmarksQueryOptions());
}
