import { useQuery } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { anyReading } from '../utils/documents';

/** The files attached to a post (its PDFs), with where each one's text extraction stands. */
export const postDocumentsQueryOptions = (postId: string) =>
  $api.queryOptions('get', '/api/v1/admin/uploads', { params: { query: { post: postId } } });

const POLL_MS = 2000;

/** Polls while a document is still being read, so "reading…" turns into its outcome. */
export function usePostDocuments(postId: string) {
  return useQuery({
    ...postDocumentsQueryOptions(postId),
    refetchInterval: (query) => (anyReading(query.state.data) ? POLL_MS : false),
  });
}
