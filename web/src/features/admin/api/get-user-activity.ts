import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

/** Something an account did, as the activity list returns it. */
export type ActivityItem = components['schemas']['Page_ActivityItem']['items'][number];

const PAGE_SIZE = 20;

/** What one account did (posts and series completed, comments published), newest first. */
export function userActivityQueryOptions(id: string) {
  return cursorPagesQueryOptions('/api/v1/admin/users/{id}/activity', { limit: PAGE_SIZE }, { id });
}

export function useUserActivity(id: string) {
  return useInfiniteQuery(userActivityQueryOptions(id));
}
