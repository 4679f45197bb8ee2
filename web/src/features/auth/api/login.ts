import { $api } from '@/lib/api-client';

import { useSessionChange } from './session-change';

export function useLogin() {
  const change = useSessionChange();
  return $api.useMutation('post', '/api/v1/auth/login', {
    onSuccess: (pair) => change(pair.access_token),
  });
}
