import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { invalidateJobs } from './invalidate-jobs';

export function useDeleteDeadJob() {
  const queryClient = useQueryClient();
  return $api.useMutation('delete', '/api/v1/admin/jobs/dead/{id}', {
    onSuccess: () => invalidateJobs(queryClient),
  });
}
