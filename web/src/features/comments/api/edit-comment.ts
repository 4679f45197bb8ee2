import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { commentsKey } from './get-comments';

/** Changes my comment, within the edit window. */
export function useEditComment(slug: string) {
  const queryClient = useQueryClient();
  return $api.useMutation('patch', '/api/v1/comments/{id}', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commentsKey(slug) }),
  });
}
