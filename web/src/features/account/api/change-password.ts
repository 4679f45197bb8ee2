import { $api } from '@/lib/api-client';
import { session } from '@/lib/auth-store';

/**
 * Changes my password. The API signs out every other session and answers a new token pair
 * for this one: the access token goes to the session store and the refresh token comes as
 * the httpOnly cookie, as at sign-in. The account itself is unchanged, so nothing is refetched.
 */
export function useChangePassword() {
  return $api.useMutation('post', '/api/v1/me/password', {
    onSuccess: (pair) => session.setAccessToken(pair.access_token),
  });
}
