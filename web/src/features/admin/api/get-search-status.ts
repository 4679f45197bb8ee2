import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type IndexStatus = components['schemas']['IndexStatus'];

/** The search index: the embedding model (or why there is none), chunks, vectors. */
export const searchStatusQueryOptions = () => $api.queryOptions('get', '/api/v1/admin/search');

const POLL_MS = 5000;

/** Polls while posts are still waiting for vectors, so the numbers move as the job runs. */
export function useSearchStatus() {
  return useQuery({
    ...searchStatusQueryOptions(),
    refetchInterval: (query) => (query.state.data && query.state.data.posts_waiting > 0 && query.state.data.model ? POLL_MS : false),
  });
}
