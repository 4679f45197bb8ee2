import { useQuery } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

export const importQueryOptions = (id: string) => $api.queryOptions('get', '/api/v1/admin/import/{id}', { params: { path: { id } } });

/** An import's progress, polled every second while it runs. */
export function useImport(id: string | null) {
  return useQuery({
    ...importQueryOptions(id ?? ''),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.state === 'running' ? 1000 : false),
  });
}
