import { $api } from '@/lib/api-client';

/** Subscribes an address; the API answers 202 and emails a confirmation link (double opt-in). */
export function useSubscribe() {
  return $api.useMutation('post', '/api/v1/newsletter/subscribe');
}
