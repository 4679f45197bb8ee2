import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { ErrorMessage, Loading } from '@/components/status';
import { capitalize, formatDateTime } from '@/lib/format';

import { useAdminPosts, type PostStatus } from '../api/get-admin-posts';

const TABS: { label: string; status: PostStatus | undefined }[] = [
  { label: 'All', status: undefined },
  { label: 'Drafts', status: 'draft' },
  { label: 'Scheduled', status: 'scheduled' },
  { label: 'Published', status: 'published' },
];

function isStatus(value: string | null): value is PostStatus {
  return value === 'draft' || value === 'scheduled' || value === 'published';
}

export function AdminPosts() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : undefined;
  // Cursors of the pages before the current one; keyset paging only goes forward, so
  // "Previous" pops this stack.
  const [cursors, setCursors] = useState<string[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const posts = useAdminPosts({ status, cursor });

  const selectTab = (next: PostStatus | undefined) => {
    setCursors([]);
    setCursor(undefined);
    setParams(next ? { status: next } : {});
  };
  const nextCursor = posts.data?.next_cursor ?? null;

  return (
    <section>
      <div className="toolbar">
        <h1>Posts</h1>
        <Link to="/admin/posts/new" className="button button-primary">
          New post
        </Link>
      </div>
      <div className="tabs" role="group" aria-label="Filter by status">
        {TABS.map((tab) => (
          <button
            key={tab.label}
            type="button"
            className="tab"
            aria-pressed={tab.status === status}
            onClick={() => selectTab(tab.status)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {posts.isPending ? (
        <Loading />
      ) : posts.isError ? (
        <ErrorMessage error={posts.error} />
      ) : posts.data.items.length === 0 ? (
        <p className="muted">No posts here yet.</p>
      ) : (
        <table className="table" aria-busy={posts.isFetching}>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Difficulty</th>
              <th scope="col">Published</th>
              <th scope="col">Edited</th>
            </tr>
          </thead>
          <tbody>
            {posts.data.items.map((post) => (
              <tr key={post.id}>
                <td>
                  <Link to={`/admin/posts/${post.id}`}>{post.title}</Link>
                  {post.premium && <span className="badge badge-premium">Premium</span>}
                </td>
                <td>
                  <span className={`status status-${post.status}`}>{capitalize(post.status)}</span>
                </td>
                <td>{capitalize(post.difficulty)}</td>
                <td>{post.published_at ? formatDateTime(post.published_at) : '—'}</td>
                <td>{formatDateTime(post.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          className="button"
          disabled={cursors.length === 0 && cursor === undefined}
          onClick={() => {
            const previous = cursors.slice(0, -1);
            setCursor(cursors.at(-1) || undefined);
            setCursors(previous);
          }}
        >
          Previous page
        </button>
        <button
          type="button"
          className="button"
          disabled={!nextCursor || posts.isPlaceholderData}
          onClick={() => {
            if (!nextCursor) return;
            setCursors([...cursors, cursor ?? '']);
            setCursor(nextCursor);
          }}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}
