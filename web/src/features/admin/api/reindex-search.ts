import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { searchStatusQueryOptions } from './get-search-status';
import { invalidateJobs } from './invalidate-jobs';

/** Queues a rebuild of every post's search rows and vectors, then refreshes the status. */
export function useReindexSearch() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/admin/search/reindex', {
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: searchStatusQueryOptions().queryKey }), invalidateJobs(queryClient)]),
  });
}
