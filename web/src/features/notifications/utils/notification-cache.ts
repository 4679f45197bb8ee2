import type { InfiniteData } from '@tanstack/react-query';

import type { components } from '@/api/schema';

type Notification = components['schemas']['Notification'];
type NotificationPage = components['schemas']['NotificationPage'];
export type NotificationPages = InfiniteData<NotificationPage, string | null>;

/** Changes every loaded page; a list not loaded yet stays so. */
function mapPages(data: NotificationPages | undefined, change: (page: NotificationPage) => NotificationPage): NotificationPages | undefined {
  return data ? { ...data, pages: data.pages.map(change) } : data;
}

export function hasNotification(data: NotificationPages | undefined, id: string): boolean {
  return data?.pages.some((p) => p.items.some((n) => n.id === id)) ?? false;
}

/** A notification that just arrived, first in the list (newest first), unless it is there already. */
export function addNotification(data: NotificationPages | undefined, notification: Notification): NotificationPages | undefined {
  if (!data || hasNotification(data, notification.id)) return data;
  const bump = notification.read ? 0 : 1;
  return {
    ...data,
    pages: data.pages.map((page, i) => ({
      ...page,
      items: i === 0 ? [notification, ...page.items] : page.items,
      unread: page.unread + bump,
    })),
  };
}

/** One notification (or, with null, every one) marked read. */
export function markRead(data: NotificationPages | undefined, id: string | null): NotificationPages | undefined {
  const newlyRead = id === null ? Infinity : data?.pages.some((p) => p.items.some((n) => n.id === id && !n.read)) ? 1 : 0;
  return mapPages(data, (page) => ({
    ...page,
    items: page.items.map((n) => (id === null || n.id === id ? { ...n, read: true } : n)),
    unread: Math.max(0, page.unread - newlyRead),
  }));
}

/** A dismissed notification, gone from the list. */
export function removeNotification(data: NotificationPages | undefined, id: string): NotificationPages | undefined {
  const wasUnread = data?.pages.some((p) => p.items.some((n) => n.id === id && !n.read)) ? 1 : 0;
  return mapPages(data, (page) => ({
    ...page,
    items: page.items.filter((n) => n.id !== id),
    unread: Math.max(0, page.unread - wasUnread),
  }));
}

/** Whether the list holds this notification unread, for adjusting the unread count. */
export function isUnread(data: NotificationPages | undefined, id: string): boolean {
  return data?.pages.some((p) => p.items.some((n) => n.id === id && !n.read)) ?? false;
}
