import { useQueryClient } from '@tanstack/react-query';

import { meQueryOptions } from '@/features/auth/api/get-me';
import { $api } from '@/lib/api-client';

/** Removes my avatar; the current user is fetched again (without one) before this settles. */
export function useRemoveAvatar() {
  const queryClient = useQueryClient();
  return $api.useMutation('delete', '/api/v1/me/avatar', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryOptions().queryKey }),
  });
}
