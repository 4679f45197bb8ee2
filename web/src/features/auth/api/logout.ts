import { $api } from '@/lib/api-client';

import { useSessionChange } from './session-change';

export function useLogout() {
  const change = useSessionChange();
  return $api.useMutation('post', '/api/v1/auth/logout', {
    // Forget the session locally even if the server could not be reached.
    onSettled: () => change(null),
  });
}
