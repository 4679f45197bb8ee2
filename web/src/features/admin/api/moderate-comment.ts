import { useQueryClient, type QueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { adminUsersKey } from './get-admin-users';

/** Every queue tab and every post's comments: a decision moves a comment between them. */
function invalidateModeration(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/admin/comments'] }),
    queryClient.invalidateQueries({ queryKey: ['get', '/api/v1/posts/{slug}/comments'] }),
  ]);
}

/** Publishes a held or hidden comment; its reports are settled. */
export function useApproveComment() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/admin/comments/{id}/approve', { onSuccess: () => invalidateModeration(queryClient) });
}

/** Hides a comment from readers (its author still sees it); its reports are settled. */
export function useHideComment() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/admin/comments/{id}/hide', { onSuccess: () => invalidateModeration(queryClient) });
}

/** Deletes a comment's text; replies stay under a placeholder. */
export function useDeleteComment() {
  const queryClient = useQueryClient();
  return $api.useMutation('delete', '/api/v1/admin/comments/{id}', { onSuccess: () => invalidateModeration(queryClient) });
}

/**
 * Bans a member from commenting (their held comments are hidden), or lifts the ban. The
 * account list shows who is banned, so it is asked again too.
 */
export function useCommentBan() {
  const queryClient = useQueryClient();
  const onSuccess = () => Promise.all([invalidateModeration(queryClient), queryClient.invalidateQueries({ queryKey: adminUsersKey() })]);
  const ban = $api.useMutation('put', '/api/v1/admin/users/{id}/comment-ban', { onSuccess });
  const unban = $api.useMutation('delete', '/api/v1/admin/users/{id}/comment-ban', { onSuccess });
  return { ban, unban };
}
