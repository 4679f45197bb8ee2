import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type ListMembership = components['schemas']['ListMembership'];

/** Spends the token of a newsletter confirmation link. */
export function useConfirmSubscription() {
  return $api.useMutation('post', '/api/v1/newsletter/confirm');
}
