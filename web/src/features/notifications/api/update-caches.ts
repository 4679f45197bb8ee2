import type { QueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';

import type { NotificationPages } from '../utils/notification-cache';

import { notificationsQueryOptions } from './get-notifications';
import { unreadCountQueryOptions } from './get-unread-count';

type UnreadCount = components['schemas']['UnreadCount'];

/** Changes the cached list of notifications, if it is loaded. */
export function updateList(queryClient: QueryClient, change: (data: NotificationPages | undefined) => NotificationPages | undefined) {
  queryClient.setQueryData<NotificationPages>(notificationsQueryOptions().queryKey, change);
}

export function readList(queryClient: QueryClient): NotificationPages | undefined {
  return queryClient.getQueryData<NotificationPages>(notificationsQueryOptions().queryKey);
}

/** Moves the badge's count by `by` at once; `settle` asks the server afterwards. */
export function adjustUnread(queryClient: QueryClient, by: number | 'none') {
  queryClient.setQueryData<UnreadCount>(unreadCountQueryOptions().queryKey, (count) =>
    count ? { unread: by === 'none' ? 0 : Math.max(0, count.unread + by) } : count,
  );
}

/** Asks the server for the true count (and the list, when `list`), over whatever was guessed. */
export function settle(queryClient: QueryClient, { list = false } = {}) {
  const work = [queryClient.invalidateQueries({ queryKey: unreadCountQueryOptions().queryKey })];
  if (list) work.push(queryClient.invalidateQueries({ queryKey: notificationsQueryOptions().queryKey }));
  return Promise.all(work);
}
