import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api, fetchClient } from '@/lib/api-client';

export type MailboxEmail = components['schemas']['MailboxEmail'];

const PAGE_SIZE = 20;

/** Stored and sent emails, newest first, optionally only those to one address. */
export function mailboxQueryOptions(to?: string) {
  const query = { limit: PAGE_SIZE, ...(to ? { to } : {}) };
  return infiniteQueryOptions({
    queryKey: $api.queryOptions('get', '/api/v1/admin/mailbox', { params: { query } }).queryKey,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error } = await fetchClient.GET('/api/v1/admin/mailbox', {
        params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } },
        signal,
      });
      if (error) throw error;
      return data;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

export function useMailbox(to?: string) {
  return useInfiniteQuery(mailboxQueryOptions(to));
}
