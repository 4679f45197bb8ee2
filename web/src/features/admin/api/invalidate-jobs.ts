import type { QueryClient } from '@tanstack/react-query';

import { deadJobsQueryOptions } from './get-dead-jobs';
import { jobsQueryOptions } from './get-jobs';

/** Refetches the queue overview and the dead jobs after anything that moves jobs around. */
export function invalidateJobs(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: jobsQueryOptions().queryKey }),
    queryClient.invalidateQueries({ queryKey: deadJobsQueryOptions().queryKey }),
  ]);
}
