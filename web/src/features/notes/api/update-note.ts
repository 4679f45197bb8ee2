import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { notesKey } from './get-notes';

/** Changes my note's text. */
export function useUpdateNote() {
  const queryClient = useQueryClient();
  return $api.useMutation('patch', '/api/v1/me/notes/{id}', {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notesKey() }),
  });
}
