import { LoadMore } from '@/components/load-more';
import { PostList } from '@/components/post-list';
import { ErrorMessage, Loading } from '@/components/status';

import { useBookmarks } from '../api/get-bookmarks';
import { usePostStates } from '../api/get-post-states';
import { useSetBookmark } from '../api/set-bookmark';
import { progressLabel, statesBySlug } from '../utils/post-states';

/** My bookmarked posts, most recent first, each with how far I read it and a remove button. */
export function BookmarkList() {
  const bookmarks = useBookmarks();
  const remove = useSetBookmark();
  const posts = bookmarks.data?.pages.flatMap((p) => p.items.map((b) => b.post)) ?? [];
  const states = usePostStates(posts.map((p) => p.slug));
  const bySlug = statesBySlug(states.data);

  if (bookmarks.isError && !bookmarks.data) return <ErrorMessage error={bookmarks.error} />;
  if (!bookmarks.data) return <Loading label="Loading your bookmarks…" />;

  return (
    <>
      {remove.isError && <ErrorMessage error={remove.error} />}
      <PostList
        posts={posts}
        empty="No bookmarks yet. Use the Bookmark button on a post to keep it here."
        extra={(post) => {
          const progress = progressLabel(bySlug.get(post.slug));
          return (
            <p className="post-card-extra">
              {progress && <span className="status status-progress">{progress}</span>}
              <button
                type="button"
                className="button button-small"
                aria-label={`Remove the bookmark on ${post.title}`}
                disabled={remove.isPending && remove.variables?.slug === post.slug}
                onClick={() => remove.mutate({ slug: post.slug, on: false })}
              >
                Remove
              </button>
            </p>
          );
        }}
      />
      {bookmarks.isFetchNextPageError && <ErrorMessage error={bookmarks.error} />}
      <LoadMore hasNextPage={bookmarks.hasNextPage} isFetchingNextPage={bookmarks.isFetchingNextPage} fetchNextPage={bookmarks.fetchNextPage} />
    </>
  );
}
