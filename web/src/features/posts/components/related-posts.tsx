import { useId } from 'react';

import { CompactPostItem } from '@/components/compact-post-item';

import { useRelatedPosts } from '../api/get-related-posts';

/** "Related posts" under a post; nothing at all while loading, on error, or when there are none. */
export function RelatedPosts({ slug }: { slug: string }) {
  const related = useRelatedPosts(slug);
  const headingId = useId();
  const items = related.data?.items ?? [];
  if (items.length === 0) return null;

  return (
    <section className="related" aria-labelledby={headingId}>
      <h2 id={headingId}>Related posts</h2>
      <ul className="related-list">
        {items.map((post) => (
          <CompactPostItem key={post.id} post={post} />
        ))}
      </ul>
      <p className="muted small">{related.data?.by === 'embeddings' ? 'Chosen by similarity of content.' : 'Chosen by shared tags and series.'}</p>
    </section>
  );
}
