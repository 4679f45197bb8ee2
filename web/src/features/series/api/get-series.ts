import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type Series = components['schemas']['SeriesResponse'];

export const seriesQueryOptions = (slug: string) =>
  $api.queryOptions('get', '/api/v1/series/{slug}', { params: { path: { slug } } });

export function useSeries(slug: string) {
  return useQuery(seriesQueryOptions(slug));
}
