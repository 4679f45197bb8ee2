import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { meQueryOptions } from './get-me';

/** Spends the token of a verification link; the signed-in user is fetched again to show the change. */
export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/auth/verify-email', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryOptions().queryKey }),
  });
}
