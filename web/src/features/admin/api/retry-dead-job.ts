import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { invalidateJobs } from './invalidate-jobs';

/** Puts a dead job back on its queue. */
export function useRetryDeadJob() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/admin/jobs/dead/{id}/retry', {
    onSuccess: () => invalidateJobs(queryClient),
  });
}
