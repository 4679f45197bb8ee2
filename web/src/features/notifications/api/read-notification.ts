import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { isUnread, markRead } from '../utils/notification-cache';

import { adjustUnread, readList, settle, updateList } from './update-caches';

/** Marks one notification read; the list and the badge change at once. */
export function useReadNotification() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/me/notifications/{id}/read', {
    onMutate: ({ params }) => {
      const id = params.path.id;
      if (isUnread(readList(queryClient), id)) adjustUnread(queryClient, -1);
      updateList(queryClient, (data) => markRead(data, id));
    },
    onSettled: (_data, error) => settle(queryClient, { list: error != null }),
  });
}
