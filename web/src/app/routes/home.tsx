import { useSearchParams } from 'react-router';

import { LoadMore } from '@/components/load-more';
import { PostList } from '@/components/post-list';
import { ErrorMessage, Loading } from '@/components/status';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { NewsletterSignup } from '@/features/newsletter/components/newsletter-signup';
import { DifficultyFilter, isDifficulty } from '@/features/posts/components/difficulty-filter';
import { usePosts } from '@/features/posts/api/get-posts';
import { NextForYou } from '@/features/reader/components/next-for-you';
import { useProgressBadges } from '@/features/reader/hooks/use-progress-badges';
import { useTags } from '@/features/tags/api/get-tags';
import { TagCloud } from '@/features/tags/components/tag-cloud';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function HomeRoute() {
  useDocumentTitle(null);
  const [params, setParams] = useSearchParams();
  const raw = params.get('difficulty');
  const difficulty = isDifficulty(raw) ? raw : undefined;
  const posts = usePosts({ difficulty });
  const tags = useTags();
  const { isSignedIn } = useCurrentUser();
  const list = posts.data?.pages.flatMap((p) => p.items) ?? [];
  // Per-reader state never comes with the (shared, cached) list: it is asked for separately.
  const progress = useProgressBadges(list.map((p) => p.slug), isSignedIn);

  return (
    <>
      <section className="intro">
        <h1>Latest posts</h1>
        <p className="lead">Technical writing that teaches: read, run the code, and build on it.</p>
        <NewsletterSignup />
      </section>
      <NextForYou signedIn={isSignedIn} />
      <div className="list-controls">
        <DifficultyFilter value={difficulty} onChange={(next) => setParams(next ? { difficulty: next } : {})} />
      </div>
      {tags.data && <TagCloud tags={tags.data.slice(0, 12)} />}
      {posts.data ? (
        <>
          <PostList posts={list} empty={difficulty ? `No ${difficulty} posts yet.` : 'No posts yet.'} extra={progress} />
          {posts.isFetchNextPageError && <ErrorMessage error={posts.error} />}
          <LoadMore
            hasNextPage={posts.hasNextPage}
            isFetchingNextPage={posts.isFetchingNextPage}
            fetchNextPage={posts.fetchNextPage}
            auto={!posts.isFetchNextPageError}
          />
        </>
      ) : posts.isError ? (
        <ErrorMessage error={posts.error} />
      ) : (
        <Loading label="Loading posts…" />
      )}
    </>
  );
}
