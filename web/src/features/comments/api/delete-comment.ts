import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { commentsKey } from './get-comments';

/** Deletes my comment; a placeholder stays while replies hang under it. */
export function useDeleteComment(slug: string) {
  const queryClient = useQueryClient();
  return $api.useMutation('delete', '/api/v1/comments/{id}', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commentsKey(slug) }),
  });
}
