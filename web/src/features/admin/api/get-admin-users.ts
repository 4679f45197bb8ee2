import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type AdminUserSummary = components['schemas']['AdminUserSummary'];
export type AdminUserPage = components['schemas']['Page_AdminUserSummary'];

const PAGE_SIZE = 20;

/** Accounts, newest first, or those whose email or name contains `q` (any case). */
export function adminUsersQueryOptions(q?: string) {
  return cursorPagesQueryOptions('/api/v1/admin/users', { limit: PAGE_SIZE, ...(q ? { q } : {}) });
}

/** Matches every cached account list, whatever it searched for (keys are `[method, path, init]`). */
export const adminUsersKey = () => adminUsersQueryOptions().queryKey.slice(0, 2);

/** Keeps the previous answer on screen while a new search loads, so the table does not flicker. */
export function useAdminUsers(q?: string) {
  return useInfiniteQuery({ ...adminUsersQueryOptions(q), placeholderData: keepPreviousData });
}
