import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { DifficultyBadge } from '@/components/difficulty-badge';
import { formatReadingTime } from '@/lib/format';

interface CompactPost {
  slug: string;
  title: string;
  reading_minutes: number;
  difficulty: Parameters<typeof DifficultyBadge>[0]['difficulty'];
  premium: boolean;
}

/** One post in a short list beside a post (related, next for you): its title, then `children`, then its meta. */
export function CompactPostItem({ post, children }: { post: CompactPost; children?: ReactNode }) {
  return (
    <li>
      <Link to={`/posts/${post.slug}`} className="related-title">
        {post.title}
      </Link>
      {children}
      <p className="meta">
        <span>{formatReadingTime(post.reading_minutes)}</span>
        <span aria-hidden="true"> · </span>
        <DifficultyBadge difficulty={post.difficulty} />
        {post.premium && <span className="badge badge-premium">Premium</span>}
      </p>
    </li>
  );
}
