import { $api } from '@/lib/api-client';

/** Asks for a password-reset email; the answer is the same whether or not the account exists. */
export function useForgotPassword() {
  return $api.useMutation('post', '/api/v1/auth/forgot-password');
}
