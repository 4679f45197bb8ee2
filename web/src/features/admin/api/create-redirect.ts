import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { redirectsKey } from './get-redirects';

/** Sends an old path to a new one; other redirects that led to the old path now lead there too. */
export function useCreateRedirect() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/admin/redirects', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: redirectsKey() }),
  });
}
