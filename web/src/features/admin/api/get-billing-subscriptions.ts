import { useInfiniteQuery } from '@tanstack/react-query';

import type { components, operations } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

/** A subscription as the list returns it. */
export type AdminSubscription = components['schemas']['Page_AdminSubscription']['items'][number];
/** The `status` filter: one of Stripe's subscription statuses. */
export type SubscriptionStatusFilter = NonNullable<
  NonNullable<operations['admin_list_subscriptions']['parameters']['query']>['status']
>;

const PAGE_SIZE = 20;

/** Stripe subscriptions as last synced, most recently changed first, optionally in one status. */
export function billingSubscriptionsQueryOptions(status?: SubscriptionStatusFilter) {
  return cursorPagesQueryOptions('/api/v1/admin/billing/subscriptions', { limit: PAGE_SIZE, ...(status ? { status } : {}) });
}

export function useBillingSubscriptions(status?: SubscriptionStatusFilter) {
  return useInfiniteQuery(billingSubscriptionsQueryOptions(status));
}
