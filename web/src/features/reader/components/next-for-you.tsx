import { useId } from 'react';

import { CompactPostItem } from '@/components/compact-post-item';

import { useRecommendations } from '../api/get-recommendations';
import { pickRecommendations, reasonLabel } from '../utils/recommendations';

interface NextForYouProps {
  /** Only a signed-in reader has suggestions; for anything else nothing is asked or shown. */
  signedIn: boolean;
  /** Posts not to suggest here (the post on screen, the related posts beside it). */
  exclude?: readonly string[];
  /** How many to show at most. */
  max?: number;
  className?: string;
}

/**
 * "Next for you": the signed-in reader's unread posts, best first, each saying why it is
 * there. Nothing at all while loading, on error, for anonymous visitors, or when there are none.
 */
export function NextForYou({ signedIn, exclude = [], max = 4, className }: NextForYouProps) {
  const recommendations = useRecommendations(signedIn);
  const headingId = useId();
  const items = signedIn ? pickRecommendations(recommendations.data?.items, exclude, max) : [];
  if (items.length === 0) return null;

  return (
    <section className={['next-for-you', className].filter(Boolean).join(' ')} aria-labelledby={headingId}>
      <h2 id={headingId}>Next for you</h2>
      <ul className="related-list">
        {items.map((post) => (
          <CompactPostItem key={post.id} post={post}>
            <p className="next-reason">{reasonLabel(post.reason)}</p>
          </CompactPostItem>
        ))}
      </ul>
    </section>
  );
}
