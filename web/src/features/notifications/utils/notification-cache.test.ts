import { describe, expect, it } from 'vitest';

import type { components } from '@/api/schema';

import { addNotification, isUnread, markRead, removeNotification, type NotificationPages } from './notification-cache';

type Notification = components['schemas']['Notification'];

const n = (id: string, read = false): Notification => ({
  id,
  kind: 'reply',
  title: `n${id}`,
  body: '',
  link: '/posts/x',
  read,
  created_at: '2026-03-10T12:00:00Z',
});

const pages = (...lists: Notification[][]): NotificationPages => {
  const unread = lists.flat().filter((x) => !x.read).length;
  return { pages: lists.map((items) => ({ items, next_cursor: null, unread })), pageParams: lists.map(() => null) };
};

const ids = (data: NotificationPages | undefined) => data?.pages.map((p) => p.items.map((x) => x.id));

describe('addNotification', () => {
  it('puts a new notification first and counts it unread', () => {
    const data = addNotification(pages([n('2'), n('1', true)], [n('0')]), n('3'));
    expect(ids(data)).toEqual([['3', '2', '1'], ['0']]);
    expect(data?.pages.map((p) => p.unread)).toEqual([3, 3]);
  });

  it('leaves the list alone for one it already holds (a replay), or a list not loaded', () => {
    const data = pages([n('2')]);
    expect(addNotification(data, n('2'))).toBe(data);
    expect(addNotification(undefined, n('2'))).toBeUndefined();
  });
});

describe('markRead', () => {
  it('marks one read and lowers the unread count once', () => {
    const data = markRead(pages([n('2'), n('1')]), '1');
    expect(data?.pages[0]?.items.map((x) => x.read)).toEqual([false, true]);
    expect(data?.pages[0]?.unread).toBe(1);
    expect(markRead(data, '1')?.pages[0]?.unread).toBe(1);
  });

  it('marks every one read with null', () => {
    const data = markRead(pages([n('2')], [n('1')]), null);
    expect(data?.pages.flatMap((p) => p.items.map((x) => x.read))).toEqual([true, true]);
    expect(data?.pages.map((p) => p.unread)).toEqual([0, 0]);
  });
});

describe('removeNotification', () => {
  it('drops a dismissed notification and its unread mark', () => {
    const data = removeNotification(pages([n('2'), n('1', true)]), '2');
    expect(ids(data)).toEqual([['1']]);
    expect(data?.pages[0]?.unread).toBe(0);
  });
});

describe('isUnread', () => {
  it('tells unread notifications from read and unknown ones', () => {
    const data = pages([n('2'), n('1', true)]);
    expect(isUnread(data, '2')).toBe(true);
    expect(isUnread(data, '1')).toBe(false);
    expect(isUnread(data, '9')).toBe(false);
    expect(isUnread(undefined, '2')).toBe(false);
  });
});
