import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';
import { invalidateContent } from '@/lib/invalidate';

import { adminSeriesQueryOptions } from './get-admin-series';

export function useUpdateSeries() {
  const queryClient = useQueryClient();
  return $api.useMutation('patch', '/api/v1/admin/series/{id}', {
    onSuccess: (series) => {
      queryClient.setQueryData(adminSeriesQueryOptions(series.id).queryKey, series);
      void invalidateContent(queryClient);
    },
  });
}
