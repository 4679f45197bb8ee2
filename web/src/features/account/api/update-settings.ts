import { useQueryClient } from '@tanstack/react-query';

import { meQueryOptions } from '@/features/auth/api/get-me';
import { $api } from '@/lib/api-client';

import { settingsQueryOptions } from './get-settings';

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return $api.useMutation('patch', '/api/v1/me/settings', {
    onSuccess: (settings, { body }) => {
      // The answer is the settings after the change: no need to ask again.
      queryClient.setQueryData(settingsQueryOptions().queryKey, settings);
      // The header and the account details show the name from /auth/me.
      if (body.display_name != null) void queryClient.invalidateQueries({ queryKey: meQueryOptions().queryKey });
    },
  });
}
