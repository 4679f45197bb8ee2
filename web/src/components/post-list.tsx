import type { ReactNode } from 'react';
import { Link } from 'react-router';

import type { components } from '@/api/schema';
import { formatDate, formatReadingTime } from '@/lib/format';

import { DifficultyBadge } from './difficulty-badge';

type PostSummary = components['schemas']['PostSummary'];

interface PostListProps {
  posts: PostSummary[];
  /** Show "Part N" before each title (series pages). */
  numbered?: boolean;
  empty?: string;
  /** More for the end of each card (a reader's progress, a remove button). */
  extra?: (post: PostSummary) => ReactNode;
}

export function PostList({ posts, numbered = false, empty = 'No posts yet.', extra }: PostListProps) {
  if (posts.length === 0) return <p className="muted">{empty}</p>;
  const List = numbered ? 'ol' : 'ul';
  return (
    <List className="post-list">
      {posts.map((post, i) => (
        <li key={post.id} className="post-card">
          <PostCard post={post} part={numbered ? i + 1 : undefined} />
          {extra?.(post)}
        </li>
      ))}
    </List>
  );
}

function PostCard({ post, part }: { post: PostSummary; part: number | undefined }) {
  return (
    <article>
      {part !== undefined && <p className="eyebrow">Part {part}</p>}
      <h2 className="post-card-title">
        <Link to={`/posts/${post.slug}`}>{post.title}</Link>
      </h2>
      <p className="meta">
        <span>{post.author_name}</span>
        <span aria-hidden="true"> · </span>
        <time dateTime={post.published_at}>{formatDate(post.published_at)}</time>
        <span aria-hidden="true"> · </span>
        <span>{formatReadingTime(post.reading_minutes)}</span>
        <span aria-hidden="true"> · </span>
        <DifficultyBadge difficulty={post.difficulty} />
        {post.premium && <span className="badge badge-premium">Premium</span>}
      </p>
      {post.summary && <p className="post-card-summary">{post.summary}</p>}
      {post.tags.length > 0 && (
        <ul className="tag-list" aria-label="Tags">
          {post.tags.map((tag) => (
            <li key={tag.slug}>
              <Link className="tag" to={`/tags/${tag.slug}`}>
                #{tag.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
