import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';
import { invalidateContent } from '@/lib/invalidate';

import { adminPostQueryOptions } from './get-admin-post';

export function useUnpublishPost() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/admin/posts/{id}/unpublish', {
    onSuccess: (post) => {
      queryClient.setQueryData(adminPostQueryOptions(post.id).queryKey, post);
      void invalidateContent(queryClient);
    },
  });
}
