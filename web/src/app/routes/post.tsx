import { lazy, Suspense, useRef } from 'react';
import { useParams } from 'react-router';

import { NotFound } from '@/components/not-found';
import { ErrorMessage, Loading } from '@/components/status';
import { openAsk } from '@/features/ask/stores/ask-panel';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { usePlans } from '@/features/billing/api/get-plans';
import { usePost } from '@/features/posts/api/get-post';
import { useRelatedPosts } from '@/features/posts/api/get-related-posts';
import { useRecordView } from '@/features/posts/api/record-view';
import { PostView } from '@/features/posts/components/post-view';
import { NextForYou } from '@/features/reader/components/next-for-you';
import { PostReaderActions } from '@/features/reader/components/post-reader-actions';
import { useReadingProgress } from '@/features/reader/hooks/use-reading-progress';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { problemStatus } from '@/lib/problem';

// Below the article: its code arrives while the reader reads, not before the post shows.
const CommentsSection = lazy(() =>
  import('@/features/comments/components/comments-section').then((m) => ({ default: m.CommentsSection })),
);
// Signed-in readers only, and beside the text: the post shows without waiting for it.
const PostNotes = lazy(() => import('@/features/notes/components/post-notes').then((m) => ({ default: m.PostNotes })));

export function PostRoute() {
  const { slug = '' } = useParams();
  const post = usePost(slug);
  const { user, isSignedIn, isLoading: userLoading } = useCurrentUser();
  const articleRef = useRef<HTMLElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  // What the related posts below the post fetched: "Next for you" leaves those out.
  const related = useRelatedPosts(post.data?.slug ?? slug, { enabled: false });
  // Only a locked post offers to subscribe, and only where payments are set up.
  const plans = usePlans({ enabled: post.data?.locked === true });
  useDocumentTitle(post.data?.title ?? (post.isError ? 'Not found' : 'Loading'));
  // A teaser is not the post: only progress through the whole of it counts.
  useReadingProgress(slug, articleRef, isSignedIn && post.data?.slug === slug && !post.data.locked);
  // One view per post shown (a teaser too); the server leaves out bots.
  useRecordView(post.data?.slug);

  if (post.isPending) return <Loading label="Loading the post…" />;
  if (post.isError) {
    return problemStatus(post.error) === 404 ? <NotFound what="post" /> : <ErrorMessage error={post.error} />;
  }
  const { slug: postSlug, title, series } = post.data;
  // Undefined while the session is being restored: neither the form nor "sign in" yet.
  const viewer = user ? { id: user.id, isAdmin: user.role === 'admin' } : userLoading ? undefined : null;
  return (
    <PostView
      post={post.data}
      signedIn={isSignedIn}
      canSubscribe={plans.data?.available === true}
      onAsk={() => openAsk({ scope: { slug: postSlug, title } })}
      articleRef={articleRef}
      textRef={textRef}
      margin={
        isSignedIn ? (
          <Suspense fallback={null}>
            <PostNotes key={postSlug} slug={postSlug} textRef={textRef} />
          </Suspense>
        ) : undefined
      }
      actions={<PostReaderActions key={postSlug} slug={postSlug} series={series ?? null} signedIn={isSignedIn} />}
      next={
        <NextForYou
          signedIn={isSignedIn}
          exclude={[postSlug, ...(related.data?.items ?? []).map((p) => p.slug)]}
          className="related"
        />
      }
    >
      <Suspense fallback={<Loading label="Loading the comments…" />}>
        <CommentsSection key={postSlug} slug={postSlug} postId={post.data.id} viewer={viewer} locked={post.data.locked} />
      </Suspense>
    </PostView>
  );
}
