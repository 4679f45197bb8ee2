import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';
import { invalidateContent } from '@/lib/invalidate';

import { adminPostQueryOptions } from './get-admin-post';

export function useDeletePost() {
  const queryClient = useQueryClient();
  return $api.useMutation('delete', '/api/v1/admin/posts/{id}', {
    onSuccess: (_data, variables) => {
      void invalidateContent(queryClient, { except: adminPostQueryOptions(variables.params.path.id).queryKey });
    },
  });
}
