import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type QueuedComment = components['schemas']['QueuedComment'];
export type ModerationQueue = 'pending' | 'reported' | 'hidden';

const PAGE_SIZE = 20;

/** Comments waiting for a moderator (held, reported) or hidden by one, oldest first. */
export function moderationQueueQueryOptions(status: ModerationQueue) {
  return cursorPagesQueryOptions('/api/v1/admin/comments', { status, limit: PAGE_SIZE });
}

export function useModerationQueue(status: ModerationQueue) {
  return useInfiniteQuery(moderationQueueQueryOptions(status));
}
