import { useQuery } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

export const unreadCountQueryOptions = () => $api.queryOptions('get', '/api/v1/me/notifications/unread-count');

export function useUnreadCount() {
  return useQuery(unreadCountQueryOptions());
}
