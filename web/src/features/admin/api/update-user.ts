import { useQueryClient, type InfiniteData } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { replaceUser } from '../utils/users';

import { adminUsersKey, type AdminUserPage } from './get-admin-users';

/**
 * Changes an account's role or disables it (signing it out everywhere), or enables it again.
 * The account is replaced in every list on screen with the API's answer, then the lists are
 * asked again. Admins cannot demote or disable themselves: the API answers 409 with why.
 */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return $api.useMutation('patch', '/api/v1/admin/users/{id}', {
    onSuccess: (user) => {
      queryClient.setQueriesData<InfiniteData<AdminUserPage>>({ queryKey: adminUsersKey() }, (data) => replaceUser(data, user));
      return queryClient.invalidateQueries({ queryKey: adminUsersKey() });
    },
  });
}
