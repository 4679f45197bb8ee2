import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type JobsOverview = components['schemas']['JobsOverview'];
export type JobKind = components['schemas']['JobKind'];
export type ScheduledJob = components['schemas']['ScheduledJob'];

/** Every queue's depth and dead count, and which backend runs them. */
export const jobsQueryOptions = () => $api.queryOptions('get', '/api/v1/admin/jobs');

export function useJobs() {
  return useQuery(jobsQueryOptions());
}
