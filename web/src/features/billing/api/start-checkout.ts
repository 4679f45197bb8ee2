import { $api } from '@/lib/api-client';

/**
 * Starts Stripe Checkout for a plan and sends the browser there. Checkout is another site,
 * so this is a full page load, not a router navigation; Stripe comes back to
 * /billing/success or /pricing?checkout=canceled.
 */
export function useStartCheckout() {
  return $api.useMutation('post', '/api/v1/billing/checkout', {
    onSuccess: ({ url }) => window.location.assign(url),
  });
}
