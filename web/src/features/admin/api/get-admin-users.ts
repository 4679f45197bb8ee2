import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type AdminUserSummary = components['schemas']['AdminUserSummary'];

const PAGE_SIZE = 20;

/** Accounts, newest first, or the one account with this email address. */
export function adminUsersQueryOptions(email?: string) {
  return cursorPagesQueryOptions('/api/v1/admin/users', { limit: PAGE_SIZE, ...(email ? { email } : {}) });
}

export function useAdminUsers(email?: string) {
  return useInfiniteQuery(adminUsersQueryOptions(email));
}
