import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { commentsKey } from './get-comments';

/** For admins: closes a post's comments (what is there stays) or opens them again. */
export function useSetCommentsClosed(slug: string) {
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: commentsKey(slug) });
  const close = $api.useMutation('put', '/api/v1/admin/posts/{id}/comments-closed', { onSuccess });
  const open = $api.useMutation('delete', '/api/v1/admin/posts/{id}/comments-closed', { onSuccess });
  return { close, open, isPending: close.isPending || open.isPending, error: close.error ?? open.error };
}
