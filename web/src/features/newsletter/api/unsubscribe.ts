import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

export function useUnsubscribe() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/newsletter/unsubscribe', {
    onSuccess: (membership) => {
      // A digest link turns the digest setting off; a signed-in reader's settings must show it.
      if (membership.list === 'digest') {
        void queryClient.invalidateQueries({ queryKey: $api.queryOptions('get', '/api/v1/me/settings').queryKey });
      }
    },
  });
}
