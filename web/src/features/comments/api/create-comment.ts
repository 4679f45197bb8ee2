import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { commentsKey } from './get-comments';

/** Comments on a post or replies to a comment; the answer says whether it is published or held. */
export function useCreateComment(slug: string) {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/posts/{slug}/comments', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commentsKey(slug) }),
  });
}
