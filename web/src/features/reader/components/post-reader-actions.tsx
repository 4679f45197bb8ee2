import { ErrorMessage } from '@/components/status';

import { usePostStates } from '../api/get-post-states';
import { useSetBookmark } from '../api/set-bookmark';
import { useSetSeriesFollow } from '../api/set-series-follow';

import { ReactionBar } from './reaction-bar';

interface PostReaderActionsProps {
  slug: string;
  /** The series the post belongs to, if any: offers to follow it. */
  series: { slug: string; title: string } | null;
  signedIn: boolean;
}

/** What a reader can do with a post: bookmark it, follow its series, react to it. */
export function PostReaderActions({ slug, series, signedIn }: PostReaderActionsProps) {
  const states = usePostStates([slug], { enabled: signedIn });
  const state = states.data?.find((s) => s.slug === slug);
  const bookmark = useSetBookmark();
  const follow = useSetSeriesFollow();

  return (
    <>
      {signedIn && (
        <>
          <button
            type="button"
            className="button button-small"
            aria-pressed={state?.bookmarked ?? false}
            disabled={!state || bookmark.isPending}
            onClick={() => state && bookmark.mutate({ slug, on: !state.bookmarked })}
          >
            {state?.bookmarked ? 'Bookmarked' : 'Bookmark'}
          </button>
          {series && (
            <button
              type="button"
              className="button button-small"
              aria-pressed={state?.following_series ?? false}
              disabled={!state || follow.isPending}
              title={state?.following_series ? undefined : `Hear about new posts in ${series.title}`}
              onClick={() => state && follow.mutate({ series: series.slug, on: !state.following_series })}
            >
              {state?.following_series ? 'Following series' : 'Follow series'}
            </button>
          )}
        </>
      )}
      <ReactionBar slug={slug} signedIn={signedIn} />
      {bookmark.isError && <ErrorMessage error={bookmark.error} />}
      {follow.isError && <ErrorMessage error={follow.error} />}
    </>
  );
}
