import { useQueryClient } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';
import { invalidateAccess } from '@/lib/invalidate';

export type UserPremium = components['schemas']['UserPremium'];

/** Grants premium to a user until a moment, or ends the grant (`until: null`). */
export function useSetPremium() {
  const queryClient = useQueryClient();
  return $api.useMutation('put', '/api/v1/admin/users/{id}/premium', {
    onSuccess: () =>
      Promise.all([
        // Every status filter's list shows the subscriber's premium end.
        queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/admin/billing/subscriptions'] }),
        // The admin may have granted it to themselves.
        invalidateAccess(queryClient),
      ]),
  });
}
