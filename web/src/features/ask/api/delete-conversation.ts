import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { conversationQueryOptions } from './get-conversation';
import { conversationsQueryOptions } from './get-conversations';

export function useDeleteConversation() {
  const queryClient = useQueryClient();
  return $api.useMutation('delete', '/api/v1/ask/conversations/{id}', {
    onSuccess: (_data, variables) => {
      queryClient.removeQueries({ queryKey: conversationQueryOptions(variables.params.path.id).queryKey });
      return queryClient.invalidateQueries({ queryKey: conversationsQueryOptions().queryKey });
    },
  });
}
