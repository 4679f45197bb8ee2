import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type PlanView = components['schemas']['PlanView'];
export type Plan = components['schemas']['Plan'];

export const plansQueryOptions = () => $api.queryOptions('get', '/api/v1/billing/plans');

/** The plans on sale; `available` is false when the site has no Stripe keys. */
export function usePlans({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...plansQueryOptions(), enabled });
}
