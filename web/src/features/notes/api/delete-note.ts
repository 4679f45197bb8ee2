import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { notesKey } from './get-notes';

/** Deletes my note. */
export function useDeleteNote() {
  const queryClient = useQueryClient();
  return $api.useMutation('delete', '/api/v1/me/notes/{id}', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notesKey() }),
  });
}
