import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type Recommendation = components['schemas']['Recommendation'];

/**
 * How many posts to ask for: the home page and a post's end share one answer, and a post's
 * end drops itself and its related posts from it, so there is room to spare.
 */
export const RECOMMENDATIONS_LIMIT = 12;

/** "Next for you": my unread posts, best first, each with why it is suggested. */
export const recommendationsQueryOptions = () =>
  $api.queryOptions('get', '/api/v1/me/recommendations', { params: { query: { limit: RECOMMENDATIONS_LIMIT } } });

/** Matches every cached recommendations answer, whatever its limit (keys are `[method, path, init]`). */
export const recommendationsKey = () => recommendationsQueryOptions().queryKey.slice(0, 2);

/** The query for a reader; an anonymous visitor has no recommendations and asks for none. */
export function recommendationsQuery(signedIn: boolean) {
  return { ...recommendationsQueryOptions(), enabled: signedIn };
}

export function useRecommendations(signedIn: boolean) {
  return useQuery(recommendationsQuery(signedIn));
}
