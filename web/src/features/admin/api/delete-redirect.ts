import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { redirectsKey } from './get-redirects';

export function useDeleteRedirect() {
  const queryClient = useQueryClient();
  return $api.useMutation('delete', '/api/v1/admin/redirects/{id}', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: redirectsKey() }),
  });
}
