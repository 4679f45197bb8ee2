import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';
import { invalidateContent } from '@/lib/invalidate';

import { adminSeriesQueryOptions } from './get-admin-series';

export function useCreateSeries() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/admin/series', {
    onSuccess: (series) => {
      queryClient.setQueryData(adminSeriesQueryOptions(series.id).queryKey, series);
      void invalidateContent(queryClient);
    },
  });
}
