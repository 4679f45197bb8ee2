import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type AdminSeries = components['schemas']['AdminSeriesResponse'];

export const adminSeriesQueryOptions = (id: string) =>
  $api.queryOptions('get', '/api/v1/admin/series/{id}', { params: { path: { id } } });

export function useAdminSeries(id: string) {
  return useQuery(adminSeriesQueryOptions(id));
}
