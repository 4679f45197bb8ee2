import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type DeadJob = components['schemas']['DeadJob'];

const PAGE_SIZE = 20;

/** Jobs that failed on every attempt, one cursor page at a time. */
export function deadJobsQueryOptions() {
  return cursorPagesQueryOptions('/api/v1/admin/jobs/dead', { limit: PAGE_SIZE });
}

export function useDeadJobs() {
  return useInfiniteQuery(deadJobsQueryOptions());
}
