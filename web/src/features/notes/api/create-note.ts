import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { notesKey } from './get-notes';

/** Writes a note on a post, quoting a passage of it or not. */
export function useCreateNote() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/me/notes', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notesKey() }),
  });
}
