import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type RevisionDetail = components['schemas']['RevisionDetail'];
export type DiffLine = components['schemas']['DiffLine'];

/** One revision, with how the post's current text differs from it. */
export const revisionQueryOptions = (postId: string, revisionId: string) =>
  $api.queryOptions('get', '/api/v1/admin/posts/{id}/revisions/{rid}', { params: { path: { id: postId, rid: revisionId } } });

export function useRevision(postId: string, revisionId: string) {
  return useQuery(revisionQueryOptions(postId, revisionId));
}
