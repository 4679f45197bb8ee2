import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type Subscription = components['schemas']['SubscriptionResponse'];

/** How often to ask while Stripe's webhook has not been applied yet. */
const POLL_MS = 1_000;

export const subscriptionQueryOptions = () => $api.queryOptions('get', '/api/v1/billing/subscription');

/** The signed-in user's subscription. Only ask where payments are configured: elsewhere it is a 503. */
export function useSubscription({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...subscriptionQueryOptions(), enabled });
}

/**
 * The subscription, asked for every second until it opens premium posts. Stripe sends the
 * reader back before its webhook has been applied, so the first answers may still say
 * `none`. Polling stops on premium, on an error (the query retries 5xx itself), or on `stop`.
 */
export function useSubscriptionUntilPremium({ stop }: { stop: boolean }) {
  return useQuery({
    ...subscriptionQueryOptions(),
    // An answer cached before Checkout says nothing about this purchase.
    staleTime: 0,
    refetchInterval: (query) => (stop || query.state.data?.premium || query.state.status === 'error' ? false : POLL_MS),
  });
}
