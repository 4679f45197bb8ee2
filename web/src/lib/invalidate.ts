import { hashKey, type QueryClient, type QueryKey } from '@tanstack/react-query';

import type { paths } from '@/api/schema';

/** Every GET whose answer changes when an admin edits content (a new slug adds a redirect). */
const CONTENT_PATHS: ReadonlyArray<keyof paths> = [
  '/api/v1/posts',
  '/api/v1/posts/{slug}',
  '/api/v1/series',
  '/api/v1/series/{slug}',
  '/api/v1/tags',
  '/api/v1/admin/posts',
  '/api/v1/admin/posts/{id}',
  '/api/v1/admin/redirects',
  '/api/v1/admin/series',
  '/api/v1/admin/series/{id}',
  '/api/v1/admin/tags',
];

/**
 * Marks every cached content query stale. The keys come from `$api.queryOptions`, which
 * puts the path template second (`[method, path, init]`), so matching on it catches every
 * id, slug and filter of those endpoints.
 */
export function invalidateContent(queryClient: QueryClient, options: { except?: QueryKey } = {}): Promise<void> {
  // A deleted resource is left alone: refetching it while its screen closes would only 404.
  const skip = options.except ? hashKey(options.except) : null;
  return queryClient.invalidateQueries({
    predicate: (query) => CONTENT_PATHS.includes(query.queryKey[1] as keyof paths) && query.queryHash !== skip,
  });
}

/**
 * Marks a post's revisions stale after its text changed (a save, a restore): there may be a
 * new one, and each is compared with the text as it is now. Other posts' stay as they are.
 */
export async function invalidateRevisions(queryClient: QueryClient, postId: string): Promise<void> {
  const params = { params: { path: { id: postId } } };
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/admin/posts/{id}/revisions', params] }),
    queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/admin/posts/{id}/revisions/{rid}', params] }),
  ]);
}

/** Every GET whose answer changes with the signed-in reader's premium access. */
const ACCESS_PATHS: ReadonlyArray<keyof paths> = ['/api/v1/auth/me', '/api/v1/billing/subscription', '/api/v1/posts/{slug}'];

/**
 * Marks the reader's account, subscription and posts stale after premium access changed
 * (a confirmed Checkout, an admin's grant): the header, settings and paywalls catch up.
 */
export async function invalidateAccess(queryClient: QueryClient): Promise<void> {
  const predicate = (query: { queryKey: QueryKey }) => ACCESS_PATHS.includes(query.queryKey[1] as keyof paths);
  // Answers still on the wire predate the change; invalidating alone could join them.
  await queryClient.cancelQueries({ predicate });
  await queryClient.invalidateQueries({ predicate });
}
