import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';
import { invalidateContent } from '@/lib/invalidate';

export function useDeleteTag() {
  const queryClient = useQueryClient();
  return $api.useMutation('delete', '/api/v1/admin/tags/{id}', {
    onSuccess: () => invalidateContent(queryClient),
  });
}
