import { useInfiniteQuery } from '@tanstack/react-query';

import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type { Notification } from '../utils/notification-stream';

const PAGE_SIZE = 20;

/** My notifications, newest first. */
export function notificationsQueryOptions() {
  return cursorPagesQueryOptions('/api/v1/me/notifications', { limit: PAGE_SIZE });
}

export function useNotifications({ enabled = true }: { enabled?: boolean } = {}) {
  return useInfiniteQuery({ ...notificationsQueryOptions(), enabled });
}
