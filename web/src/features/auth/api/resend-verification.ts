import { $api } from '@/lib/api-client';

/** Emails the signed-in user a new verification link (202; nothing is sent once verified). */
export function useResendVerification() {
  return $api.useMutation('post', '/api/v1/auth/resend-verification');
}
