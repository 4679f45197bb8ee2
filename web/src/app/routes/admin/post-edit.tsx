import { useLocation, useParams } from 'react-router';

import { NotFound } from '@/components/not-found';
import { ErrorMessage, Loading } from '@/components/status';
import { useAdminPost } from '@/features/admin/api/get-admin-post';
import { PostEditor } from '@/features/admin/components/post-editor';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { problemStatus } from '@/lib/problem';

export function Component() {
  const { id = '' } = useParams();
  const location = useLocation();
  const post = useAdminPost(id);
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  useDocumentTitle(post.data ? `Admin · ${post.data.title}` : 'Admin · Post');

  if (post.isPending) return <Loading />;
  if (post.isError) {
    const status = problemStatus(post.error);
    // A malformed id is a 404 for people, whatever status the API picks for it.
    return status === 404 || status === 400 || status === 422 ? <NotFound what="post" /> : <ErrorMessage error={post.error} />;
  }
  // Keyed by id so moving from one post to another starts a fresh form.
  return <PostEditor key={post.data.id} post={post.data} initialNotice={notice} />;
}
