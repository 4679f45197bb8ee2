import { useInfiniteQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { cursorPagesQueryOptions } from '@/lib/cursor-pages';

export type ConversationSummary = components['schemas']['ConversationSummary'];

/** The reader's conversations, most recent first. */
export function conversationsQueryOptions() {
  return cursorPagesQueryOptions('/api/v1/ask/conversations', { limit: 20 });
}

export function useConversations({ enabled }: { enabled: boolean }) {
  return useInfiniteQuery({ ...conversationsQueryOptions(), enabled });
}
