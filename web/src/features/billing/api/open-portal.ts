import { $api } from '@/lib/api-client';

/** Opens Stripe's Customer Portal (a full page load to another site); Stripe comes back to /settings. */
export function useOpenPortal() {
  return $api.useMutation('post', '/api/v1/billing/portal', {
    onSuccess: ({ url }) => window.location.assign(url),
  });
}
