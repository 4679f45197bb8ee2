import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { invalidateJobs } from './invalidate-jobs';

/** Queues a scheduled job (`daily_digest`, `sitemap`, `token_cleanup`, `billing_sync`) to run now. */
export function useRunJob() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/admin/jobs/run', {
    onSuccess: () => invalidateJobs(queryClient),
  });
}
