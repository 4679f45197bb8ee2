import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';
import { invalidateContent } from '@/lib/invalidate';

import { adminSeriesQueryOptions } from './get-admin-series';

export function useDeleteSeries() {
  const queryClient = useQueryClient();
  return $api.useMutation('delete', '/api/v1/admin/series/{id}', {
    onSuccess: (_data, variables) => {
      void invalidateContent(queryClient, { except: adminSeriesQueryOptions(variables.params.path.id).queryKey });
    },
  });
}
