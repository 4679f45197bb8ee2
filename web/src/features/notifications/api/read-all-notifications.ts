import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { markRead } from '../utils/notification-cache';

import { adjustUnread, settle, updateList } from './update-caches';

/** Marks every notification read. */
export function useReadAllNotifications() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/me/notifications/read-all', {
    onMutate: () => {
      adjustUnread(queryClient, 'none');
      updateList(queryClient, (data) => markRead(data, null));
    },
    onSettled: (_data, error) => settle(queryClient, { list: error != null }),
  });
}
