import { useQuery } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { stateSlugs } from '../utils/post-states';

/**
 * My state of these posts (bookmarked, progress, reactions, following the series). It is
 * kept out of the cached post and list answers, so signed-in pages ask for it separately.
 */
export function postStatesQueryOptions(slugs: readonly string[]) {
  return $api.queryOptions('get', '/api/v1/me/post-states', { params: { query: { slugs: stateSlugs(slugs).join(',') } } });
}

/** Matches every cached post-states answer, whichever posts it is about (keys are `[method, path, init]`). */
export const postStatesKey = () => postStatesQueryOptions([]).queryKey.slice(0, 2);

export function usePostStates(slugs: readonly string[], { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...postStatesQueryOptions(slugs), enabled: enabled && slugs.length > 0 });
}
