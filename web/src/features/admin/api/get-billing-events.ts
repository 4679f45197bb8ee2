import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import type { components, operations } from '@/api/schema';
import { $api, fetchClient } from '@/lib/api-client';

/** An event as the list returns it. */
export type BillingEvent = components['schemas']['Page_BillingEvent']['items'][number];
/** The `state` filter: `pending`, `processed`, `ignored` or `failed`. */
export type BillingEventState = NonNullable<NonNullable<operations['admin_list_billing_events']['parameters']['query']>['state']>;

const PAGE_SIZE = 20;

/** Stripe webhook events as received, newest first, optionally in one state. */
export function billingEventsQueryOptions(state?: BillingEventState) {
  const query = { limit: PAGE_SIZE, ...(state ? { state } : {}) };
  return infiniteQueryOptions({
    queryKey: $api.queryOptions('get', '/api/v1/admin/billing/events', { params: { query } }).queryKey,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error } = await fetchClient.GET('/api/v1/admin/billing/events', {
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

export function useBillingEvents(state?: BillingEventState) {
  return useInfiniteQuery(billingEventsQueryOptions(state));
}
