import { describe, expect, it } from 'vitest';

import type { components } from '@/api/schema';

import { commentIdFromHash, hasComment, indentFor, isPlaceholder, MAX_INDENT, threadRows } from './threads';

type Comment = components['schemas']['Comment'];

let clock = 0;
function comment(id: string, parent: string | null, depth: number, patch: Partial<Comment> = {}): Comment {
  clock += 1;
  return {
    id,
    parent_id: parent,
    depth,
    author: { id: `user-${id}`, display_name: `Author ${id}` },
    html: `<p>comment ${id}</p>`,
    status: 'published',
    edited_at: null,
    created_at: new Date(Date.UTC(2026, 0, 1, 0, clock)).toISOString(),
    can_edit: false,
    ...patch,
  };
}

describe('threadRows', () => {
  it('lists each thread as its root then its replies, indented by depth', () => {
    const rows = threadRows([
      { comment: comment('a', null, 0), replies: [comment('a1', 'a', 1), comment('a1x', 'a1', 2), comment('a2', 'a', 1)] },
      { comment: comment('b', null, 0), replies: [] },
    ]);
    expect(rows.map((r) => [r.comment.id, r.indent])).toEqual([
      ['a', 0],
      ['a1', 1],
      ['a1x', 2],
      ['a2', 1],
      ['b', 0],
    ]);
    expect(rows.every((r) => r.replyingTo === undefined)).toBe(true);
  });

  it('caps the indent, and says whom a reply answers once the indent cannot', () => {
    const chain = [comment('r0', null, 0)];
    for (let d = 1; d <= MAX_INDENT + 2; d++) chain.push(comment(`r${d}`, `r${d - 1}`, d));
    const [root, ...replies] = chain;
    const rows = threadRows([{ comment: root!, replies }]);
    expect(rows.map((r) => r.indent)).toEqual([0, 1, 2, 3, 4, 4, 4]);
    expect(rows.map((r) => r.replyingTo)).toEqual([undefined, undefined, undefined, undefined, undefined, 'Author r4', 'Author r5']);
  });

  it('says "a removed comment" when a deep reply answers a placeholder', () => {
    const deleted = comment('p4', 'p3', 4, { status: 'deleted', html: '', author: null });
    const rows = threadRows([
      {
        comment: comment('p0', null, 0),
        replies: [comment('p1', 'p0', 1), comment('p2', 'p1', 2), comment('p3', 'p2', 3), deleted, comment('p5', 'p4', 5)],
      },
    ]);
    expect(rows.at(-1)?.replyingTo).toBeNull();
  });

  it('draws a thread that two pages both carry only once', () => {
    const thread = { comment: comment('t', null, 0), replies: [comment('t1', 't', 1)] };
    expect(threadRows([thread, { ...thread }]).map((r) => r.comment.id)).toEqual(['t', 't1']);
  });
});

describe('indentFor', () => {
  it('keeps depths from 0 to the cap and clamps the rest', () => {
    expect([-1, 0, 1, 4, 5, 40].map(indentFor)).toEqual([0, 0, 1, 4, 4, 4]);
  });
});

describe('isPlaceholder', () => {
  it('is true for deleted comments and for any comment without HTML', () => {
    expect(isPlaceholder(comment('x', null, 0))).toBe(false);
    expect(isPlaceholder(comment('x', null, 0, { status: 'deleted', html: '' }))).toBe(true);
    expect(isPlaceholder(comment('x', null, 0, { status: 'hidden', html: ' ' }))).toBe(true);
    // Authors see their own hidden comment in full.
    expect(isPlaceholder(comment('x', null, 0, { status: 'hidden' }))).toBe(false);
  });
});

describe('commentIdFromHash', () => {
  it('reads the id of a #comment-<uuid> anchor and nothing else', () => {
    expect(commentIdFromHash('#comment-0190e1d2-7c4a-7b1e-8f00-123456789abc')).toBe('0190e1d2-7c4a-7b1e-8f00-123456789abc');
    expect(commentIdFromHash('#static-and-dynamic-dispatch')).toBeNull();
    expect(commentIdFromHash('#comment-')).toBeNull();
    expect(commentIdFromHash('')).toBeNull();
    expect(commentIdFromHash('#comment-x"><img')).toBeNull();
  });
});

describe('hasComment', () => {
  it('finds roots and replies', () => {
    const threads = [{ comment: comment('h', null, 0), replies: [comment('h1', 'h', 1)] }];
    expect(hasComment(threads, 'h')).toBe(true);
    expect(hasComment(threads, 'h1')).toBe(true);
    expect(hasComment(threads, 'nope')).toBe(false);
  });
});
