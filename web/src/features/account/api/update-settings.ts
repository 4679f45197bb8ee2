import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { settingsQueryOptions } from './get-settings';

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return $api.useMutation('patch', '/api/v1/me/settings', {
    // The answer is the settings after the change: no need to ask again.
    onSuccess: (settings) => queryClient.setQueryData(settingsQueryOptions().queryKey, settings),
  });
}
