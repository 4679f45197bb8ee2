import type { InfiniteData } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import type { components } from '@/api/schema';
import { describeProblem } from '@/lib/problem';

import { describeActivity, MAX_SEARCH_LENGTH, replaceUser, userSearchTerm } from './users';

type AdminUserSummary = components['schemas']['AdminUserSummary'];
type AdminUserPage = components['schemas']['Page_AdminUserSummary'];

const user = (id: string, patch: Partial<AdminUserSummary> = {}): AdminUserSummary => ({
  id,
  email: `${id}@example.com`,
  display_name: id,
  role: 'reader',
  email_verified: true,
  premium: false,
  created_at: '2026-01-01T00:00:00Z',
  comment_banned: false,
  disabled_at: null,
  ...patch,
});

describe('userSearchTerm', () => {
  it('searches for the text without surrounding spaces', () => {
    expect(userSearchTerm('  ada@ ')).toBe('ada@');
  });

  it('asks for every account when the box is empty or blank', () => {
    expect(userSearchTerm('')).toBeUndefined();
    expect(userSearchTerm('   ')).toBeUndefined();
  });

  it('stays within the API limit, counting characters rather than UTF-16 units', () => {
    expect(userSearchTerm('x'.repeat(250))).toHaveLength(MAX_SEARCH_LENGTH);
    expect([...(userSearchTerm('é'.repeat(199) + '😀😀') ?? '')]).toHaveLength(MAX_SEARCH_LENGTH);
  });
});

describe('replaceUser', () => {
  const data: InfiniteData<AdminUserPage> = {
    pages: [{ items: [user('a'), user('b')], next_cursor: 'c1' }, { items: [user('c')], next_cursor: null }],
    pageParams: [null, 'c1'],
  };

  it('puts the changed account in place, on whichever page it is', () => {
    const changed = user('c', { role: 'admin' });
    const next = replaceUser(data, changed);
    expect(next?.pages[1]?.items[0]).toBe(changed);
    expect(next?.pages[0]?.items).toEqual(data.pages[0]?.items);
    expect(next?.pageParams).toEqual(data.pageParams);
    expect(data.pages[1]?.items[0]?.role).toBe('reader');
  });

  it('leaves a list without the account, or not loaded, alone', () => {
    expect(replaceUser(data, user('z'))).toEqual(data);
    expect(replaceUser(undefined, user('a'))).toBeUndefined();
  });
});

describe('describeActivity', () => {
  const post = { slug: 'joins-explained', title: 'SQL joins explained' };

  it('says what the account did, and to which post', () => {
    expect(describeActivity({ kind: 'post_completed', post })).toEqual({ action: 'Completed', post });
    expect(describeActivity({ kind: 'comment_published', post })).toEqual({ action: 'Commented on', post });
    expect(describeActivity({ kind: 'series_completed', post: null })).toEqual({ action: 'Completed a series', post: null });
  });

  it('copes with a deleted post and with kinds added later', () => {
    expect(describeActivity({ kind: 'post_completed', post: null }).action).toBe('Completed a post since deleted');
    expect(describeActivity({ kind: 'badge_earned' })).toEqual({ action: 'badge earned', post: null });
  });
});

describe('a refused change', () => {
  it("shows the problem's detail, as for an admin demoting themselves", () => {
    const conflict = { type: 'about:blank', title: 'Conflict', status: 409, detail: 'you cannot take away your own admin role' };
    expect(describeProblem(conflict)).toBe('you cannot take away your own admin role');
  });
});
