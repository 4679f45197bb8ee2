import { useParams } from 'react-router';

import { NotFound } from '@/components/not-found';
import { ErrorMessage, Loading } from '@/components/status';
import { openAsk } from '@/features/ask/stores/ask-panel';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { usePlans } from '@/features/billing/api/get-plans';
import { usePost } from '@/features/posts/api/get-post';
import { PostView } from '@/features/posts/components/post-view';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { problemStatus } from '@/lib/problem';

export function PostRoute() {
  const { slug = '' } = useParams();
  const post = usePost(slug);
  const { isSignedIn } = useCurrentUser();
  // Only a locked post offers to subscribe, and only where payments are set up.
  const plans = usePlans({ enabled: post.data?.locked === true });
  useDocumentTitle(post.data?.title ?? (post.isError ? 'Not found' : 'Loading'));

  if (post.isPending) return <Loading label="Loading the post…" />;
  if (post.isError) {
    return problemStatus(post.error) === 404 ? <NotFound what="post" /> : <ErrorMessage error={post.error} />;
  }
  const { slug: postSlug, title } = post.data;
  return (
    <PostView
      post={post.data}
      signedIn={isSignedIn}
      canSubscribe={plans.data?.available === true}
      onAsk={() => openAsk({ scope: { slug: postSlug, title } })}
    />
  );
}
