import type { InfiniteData } from '@tanstack/react-query';

import type { components } from '@/api/schema';

type AdminUserSummary = components['schemas']['AdminUserSummary'];
type AdminUserPage = components['schemas']['Page_AdminUserSummary'];
type ActivityItem = components['schemas']['Page_ActivityItem']['items'][number];

/** The API's limit on the account search. */
export const MAX_SEARCH_LENGTH = 200;

/**
 * What the account search box asks the API for: the text without surrounding spaces, at most
 * 200 characters, or undefined for an empty box (every account). The API refuses a blank `q`.
 */
export function userSearchTerm(typed: string): string | undefined {
  const term = typed.trim();
  if (!term) return undefined;
  return [...term].slice(0, MAX_SEARCH_LENGTH).join('').trim();
}

/** `data` with the account `user.id` replaced by `user` (an answer to a change), on every page. */
export function replaceUser(data: InfiniteData<AdminUserPage> | undefined, user: AdminUserSummary): InfiniteData<AdminUserPage> | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((u) => (u.id === user.id ? user : u)) })) };
}

export interface ActivityLine {
  /** What happened: "Completed", "Commented on". */
  action: string;
  /** The post it happened to, when there is one. */
  post: { slug: string; title: string } | null;
}

/** One entry of an account's activity, in words; a kind this app does not know yet reads as its code. */
export function describeActivity(item: Pick<ActivityItem, 'kind' | 'post'>): ActivityLine {
  const post = item.post ?? null;
  switch (item.kind) {
    case 'post_completed':
      return { action: post ? 'Completed' : 'Completed a post since deleted', post };
    case 'series_completed':
      return { action: 'Completed a series', post: null };
    case 'comment_published':
      return { action: post ? 'Commented on' : 'Commented on a post since deleted', post };
    default:
      return { action: item.kind.replace(/_/g, ' '), post };
  }
}
