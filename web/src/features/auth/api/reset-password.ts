import { $api } from '@/lib/api-client';
import { session } from '@/lib/auth-store';

import { useSessionChange } from './session-change';

/** Sets a new password with a reset token. The API signs out every session, this one included. */
export function useResetPassword() {
  const change = useSessionChange();
  return $api.useMutation('post', '/api/v1/auth/reset-password', {
    onSuccess: () => {
      if (session.getState().accessToken) change(null);
    },
  });
}
