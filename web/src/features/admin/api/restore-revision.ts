import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';
import { invalidateContent, invalidateRevisions } from '@/lib/invalidate';

import { adminPostQueryOptions } from './get-admin-post';

/** Brings a revision's title and markdown back; the restore is itself saved as a revision. */
export function useRestoreRevision() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/admin/posts/{id}/revisions/{rid}/restore', {
    onSuccess: (post) => {
      queryClient.setQueryData(adminPostQueryOptions(post.id).queryKey, post);
      void invalidateContent(queryClient);
      void invalidateRevisions(queryClient, post.id);
    },
  });
}
