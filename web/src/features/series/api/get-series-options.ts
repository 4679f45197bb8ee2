import { useQuery } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

/**
 * One page of up to 100 series (the most the API gives at once), for pickers and the
 * command palette, which filter it in the browser.
 */
export const seriesOptionsQueryOptions = () => $api.queryOptions('get', '/api/v1/series', { params: { query: { limit: 100 } } });

export function useSeriesOptions({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...seriesOptionsQueryOptions(), enabled });
}
