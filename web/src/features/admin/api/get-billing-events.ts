import { useInfiniteQuery } from '@tanstack/react-query';

import type { components, operations } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

/** An event as the list returns it. */
export type BillingEvent = components['schemas']['Page_BillingEvent']['items'][number];
/** The `state` filter: `pending`, `processed`, `ignored` or `failed`. */
export type BillingEventState = NonNullable<NonNullable<operations['admin_list_billing_events']['parameters']['query']>['state']>;

const PAGE_SIZE = 20;

/** Stripe webhook events as received, newest first, optionally in one state. */
export function billingEventsQueryOptions(state?: BillingEventState) {
  return cursorPagesQueryOptions('/api/v1/admin/billing/events', { limit: PAGE_SIZE, ...(state ? { state } : {}) });
}

export function useBillingEvents(state?: BillingEventState) {
  return useInfiniteQuery(billingEventsQueryOptions(state));
}
