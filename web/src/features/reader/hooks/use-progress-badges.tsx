import type { ReactNode } from 'react';

import { usePostStates } from '../api/get-post-states';
import { progressLabel, statesBySlug } from '../utils/post-states';

/**
 * For a list of posts on screen: one request for the signed-in reader's state of them all,
 * and a "45% read" / "Read" badge for each card (nothing for posts not started, or anonymous).
 */
export function useProgressBadges(slugs: readonly string[], signedIn: boolean): (post: { slug: string }) => ReactNode {
  const states = usePostStates(slugs, { enabled: signedIn });
  const bySlug = statesBySlug(signedIn ? states.data : undefined);
  return (post) => {
    const label = progressLabel(bySlug.get(post.slug));
    return label ? (
      <p className="post-card-extra">
        <span className="status status-progress">{label}</span>
      </p>
    ) : null;
  };
}
