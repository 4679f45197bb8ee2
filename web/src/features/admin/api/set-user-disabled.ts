import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

/** Disables an account (signing it out everywhere) or enables it again. */
export function useSetUserDisabled() {
  const queryClient = useQueryClient();
  return $api.useMutation('put', '/api/v1/admin/users/{id}/disabled', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/admin/users'] }),
  });
}
