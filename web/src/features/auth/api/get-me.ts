import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { useSession } from '@/hooks/use-session';
import { $api } from '@/lib/api-client';

export type User = components['schemas']['UserResponse'];

export const meQueryOptions = () => $api.queryOptions('get', '/api/v1/auth/me');

export interface CurrentUser {
  /** The signed-in user; undefined when anonymous or not known yet. */
  user: User | undefined;
  /** True while the session is being restored or the user is being fetched. */
  isLoading: boolean;
  isSignedIn: boolean;
}

export function useCurrentUser(): CurrentUser {
  const { status, accessToken } = useSession();
  const signedIn = accessToken !== null;
  const query = useQuery({ ...meQueryOptions(), enabled: signedIn });
  return {
    user: signedIn ? query.data : undefined,
    isLoading: status === 'restoring' || (signedIn && query.isPending),
    isSignedIn: signedIn,
  };
}
