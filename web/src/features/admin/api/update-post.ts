import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';
import { invalidateContent, invalidateRevisions } from '@/lib/invalidate';

import { adminPostQueryOptions } from './get-admin-post';

export function useUpdatePost() {
  const queryClient = useQueryClient();
  return $api.useMutation('patch', '/api/v1/admin/posts/{id}', {
    onSuccess: (post) => {
      queryClient.setQueryData(adminPostQueryOptions(post.id).queryKey, post);
      void invalidateContent(queryClient);
      void invalidateRevisions(queryClient, post.id);
    },
  });
}
