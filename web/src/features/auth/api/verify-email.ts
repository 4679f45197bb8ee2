import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { meQueryOptions } from './get-me';

/** Spends the token of a verification link; the signed-in user is fetched again to show the change. */
export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/auth/verify-email', {
    onSuccess: async () => {
      const queryKey = meQueryOptions().queryKey;
      // A first /auth/me still on the wire was answered before the change; invalidating
      // alone would join it rather than ask again (a query without data is not restarted).
      await queryClient.cancelQueries({ queryKey });
      await queryClient.invalidateQueries({ queryKey });
    },
  });
}
