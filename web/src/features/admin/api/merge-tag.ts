import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';
import { invalidateContent } from '@/lib/invalidate';

export function useMergeTag() {
  const queryClient = useQueryClient();
  return $api.useMutation('post', '/api/v1/admin/tags/{id}/merge', {
    onSuccess: () => invalidateContent(queryClient),
  });
}
