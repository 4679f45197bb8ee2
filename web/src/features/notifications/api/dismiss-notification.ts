import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { isUnread, removeNotification } from '../utils/notification-cache';

import { adjustUnread, readList, settle, updateList } from './update-caches';

/** Dismisses (deletes) a notification. */
export function useDismissNotification() {
  const queryClient = useQueryClient();
  return $api.useMutation('delete', '/api/v1/me/notifications/{id}', {
    onMutate: ({ params }) => {
      const id = params.path.id;
      if (isUnread(readList(queryClient), id)) adjustUnread(queryClient, -1);
      updateList(queryClient, (data) => removeNotification(data, id));
    },
    onSettled: (_data, error) => settle(queryClient, { list: error != null }),
  });
}
