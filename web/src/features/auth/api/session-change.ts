import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

import { session } from '@/lib/auth-store';

import { meQueryOptions } from './get-me';

/**
 * Applies a sign-in or sign-out: swaps the token and refetches everything, since what the
 * API answers (premium posts, admin data) depends on who asks.
 */
export function useSessionChange() {
  const queryClient = useQueryClient();
  return useCallback(
    (accessToken: string | null) => {
      queryClient.removeQueries({ queryKey: meQueryOptions().queryKey });
      if (accessToken) session.setAccessToken(accessToken);
      else session.clear();
      void queryClient.invalidateQueries();
    },
    [queryClient],
  );
}
