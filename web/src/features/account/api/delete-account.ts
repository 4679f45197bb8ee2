import { useSessionChange } from '@/features/auth/api/session-change';
import { $api } from '@/lib/api-client';

/**
 * Deletes my account. Once it is gone, `onDeleted` leaves the page, and when it has (a page
 * for signed-in readers would send a signed-out visitor to sign in) this browser signs out:
 * the account's sessions went with it.
 */
export function useDeleteAccount(onDeleted: () => void | Promise<void>) {
  const change = useSessionChange();
  return $api.useMutation('delete', '/api/v1/me', {
    onSuccess: async () => {
      await onDeleted();
      change(null);
    },
  });
}
