import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { listenToNotifications } from '../api/notification-stream';
import { adjustUnread, readList, settle, updateList } from '../api/update-caches';
import { addNotification, hasNotification } from '../utils/notification-cache';

/**
 * Keeps the badge and the list up to date while the reader is signed in: each notification
 * the live stream delivers goes to the top of the list and onto the count at once.
 */
export function useNotificationStream(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    void listenToNotifications(controller.signal, {
      onOpen: (resumed) => {
        // A fresh stream replays nothing: whatever arrived since the list was loaded is fetched.
        if (!resumed) void settle(queryClient, { list: true });
      },
      onNotification: (notification) => {
        const known = hasNotification(readList(queryClient), notification.id);
        if (!known && !notification.read) adjustUnread(queryClient, 1);
        updateList(queryClient, (data) => addNotification(data, notification));
        void settle(queryClient);
      },
    });
    return () => controller.abort();
  }, [enabled, queryClient]);
}
