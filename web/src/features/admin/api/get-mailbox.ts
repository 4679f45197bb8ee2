import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type MailboxEmail = components['schemas']['MailboxEmail'];

const PAGE_SIZE = 20;

/** Stored and sent emails, newest first, optionally only those to one address. */
export function mailboxQueryOptions(to?: string) {
  return cursorPagesQueryOptions('/api/v1/admin/mailbox', { limit: PAGE_SIZE, ...(to ? { to } : {}) });
}

export function useMailbox(to?: string) {
  return useInfiniteQuery(mailboxQueryOptions(to));
}
