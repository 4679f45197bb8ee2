import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import { $api } from './api-client';
import { invalidateContent } from './invalidate';

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
});
