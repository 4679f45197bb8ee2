import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import { $api } from './api-client';
import { invalidateAccess, invalidateContent, invalidateRevisions } from './invalidate';

describe('invalidateContent', () => {
  it('marks content queries stale, whatever their params, and leaves the rest alone', async () => {
    const qc = new QueryClient();
    const list = $api.queryOptions('get', '/api/v1/posts', { params: { query: { tag: 'rust', limit: 10 } } }).queryKey;
    const post = $api.queryOptions('get', '/api/v1/admin/posts/{id}', { params: { path: { id: 'a' } } }).queryKey;
    const other = $api.queryOptions('get', '/api/v1/admin/posts/{id}', { params: { path: { id: 'b' } } }).queryKey;
    const me = $api.queryOptions('get', '/api/v1/auth/me').queryKey;
    const preview = $api.queryOptions('post', '/api/v1/admin/render', { body: { markdown: '# x' } }).queryKey;
    for (const key of [list, post, other, me, preview]) qc.setQueryData(key, {});

    await invalidateContent(qc, { except: other });

    const stale = (key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated;
    expect(stale(list)).toBe(true);
    expect(stale(post)).toBe(true);
    expect(stale(other)).toBe(false);
    expect(stale(me)).toBe(false);
    expect(stale(preview)).toBe(false);
  });

  it('marks redirects stale: a new slug adds one', async () => {
    const qc = new QueryClient();
    const redirects = $api.queryOptions('get', '/api/v1/admin/redirects', { params: { query: { limit: 50 } } }).queryKey;
    const notes = $api.queryOptions('get', '/api/v1/me/notes', { params: { query: { post: 'x' } } }).queryKey;
    for (const key of [redirects, notes]) qc.setQueryData(key, {});

    await invalidateContent(qc);

    expect(qc.getQueryState(redirects)?.isInvalidated).toBe(true);
    expect(qc.getQueryState(notes)?.isInvalidated).toBe(false);
  });
});

describe('invalidateRevisions', () => {
  it("marks one post's revision list and comparisons stale, and no other post's", async () => {
    const qc = new QueryClient();
    const list = (id: string) =>
      $api.queryOptions('get', '/api/v1/admin/posts/{id}/revisions', { params: { query: { limit: 20 }, path: { id } } }).queryKey;
    const detail = (id: string, rid: string) =>
      $api.queryOptions('get', '/api/v1/admin/posts/{id}/revisions/{rid}', { params: { path: { id, rid } } }).queryKey;
    const post = $api.queryOptions('get', '/api/v1/admin/posts/{id}', { params: { path: { id: 'a' } } }).queryKey;
    for (const key of [list('a'), detail('a', 'r1'), detail('a', 'r2'), list('b'), detail('b', 'r3'), post]) qc.setQueryData(key, {});

    await invalidateRevisions(qc, 'a');

    const stale = (key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated;
    expect(stale(list('a'))).toBe(true);
    expect(stale(detail('a', 'r1'))).toBe(true);
    expect(stale(detail('a', 'r2'))).toBe(true);
    expect(stale(list('b'))).toBe(false);
    expect(stale(detail('b', 'r3'))).toBe(false);
    expect(stale(post)).toBe(false);
  });
});

describe('invalidateAccess', () => {
  it('marks the account, the subscription and single posts stale, and leaves the rest alone', async () => {
    const qc = new QueryClient();
    const me = $api.queryOptions('get', '/api/v1/auth/me').queryKey;
    const subscription = $api.queryOptions('get', '/api/v1/billing/subscription').queryKey;
    const post = $api.queryOptions('get', '/api/v1/posts/{slug}', { params: { path: { slug: 'deep-dive' } } }).queryKey;
    const plans = $api.queryOptions('get', '/api/v1/billing/plans').queryKey;
    const list = $api.queryOptions('get', '/api/v1/posts', { params: { query: { limit: 10 } } }).queryKey;
    for (const key of [me, subscription, post, plans, list]) qc.setQueryData(key, {});

    await invalidateAccess(qc);

    const stale = (key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated;
    expect(stale(me)).toBe(true);
    expect(stale(subscription)).toBe(true);
    expect(stale(post)).toBe(true);
    expect(stale(plans)).toBe(false);
    expect(stale(list)).toBe(false);
  });

  it('asks again when the first answer was still on the wire', async () => {
    const qc = new QueryClient();
    const queryKey = $api.queryOptions('get', '/api/v1/auth/me').queryKey;
    // The server's answer depends on when it is asked: before the change or after it.
    let changed = false;
    const queryFn = () => new Promise<{ premium: boolean }>((resolve) => {
      const answer = { premium: changed };
      setTimeout(() => resolve(answer), 20);
    });
    const observer = new QueryObserver(qc, { queryKey, queryFn, staleTime: 30_000 });
    const unsubscribe = observer.subscribe(() => {});

    // The first fetch (no data yet) is in flight when premium access changes.
    changed = true;
    await invalidateAccess(qc);
    await new Promise((r) => setTimeout(r, 50));

    expect(qc.getQueryData(queryKey)).toEqual({ premium: true });
    unsubscribe();
  });
});
