import { $api } from '@/lib/api-client';

import { useSessionChange } from './session-change';

export function useRegister() {
  const change = useSessionChange();
  return $api.useMutation('post', '/api/v1/auth/register', {
    onSuccess: (pair) => change(pair.access_token),
  });
}
