import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import type { components, operations } from '@/api/schema';
import { $api, fetchClient } from '@/lib/api-client';

/** A subscription as the list returns it. */
export type AdminSubscription = components['schemas']['Page_AdminSubscription']['items'][number];
/** The `status` filter: one of Stripe's subscription statuses. */
export type SubscriptionStatusFilter = NonNullable<
  NonNullable<operations['admin_list_subscriptions']['parameters']['query']>['status']
>;

const PAGE_SIZE = 20;

/** Stripe subscriptions as last synced, most recently changed first, optionally in one status. */
export function billingSubscriptionsQueryOptions(status?: SubscriptionStatusFilter) {
  const query = { limit: PAGE_SIZE, ...(status ? { status } : {}) };
  return infiniteQueryOptions({
    queryKey: $api.queryOptions('get', '/api/v1/admin/billing/subscriptions', { params: { query } }).queryKey,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error } = await fetchClient.GET('/api/v1/admin/billing/subscriptions', {
        params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } },
        signal,
      });
      if (error) throw error;
      return data;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

export function useBillingSubscriptions(status?: SubscriptionStatusFilter) {
  return useInfiniteQuery(billingSubscriptionsQueryOptions(status));
}
