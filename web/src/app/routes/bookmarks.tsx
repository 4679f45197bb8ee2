import { Navigate, useLocation } from 'react-router';

import { Loading } from '@/components/status';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { BookmarkList } from '@/features/reader/components/bookmark-list';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** The signed-in reader's bookmarks; anonymous visitors sign in first. */
export function BookmarksRoute() {
  useDocumentTitle('Bookmarks');
  const { user, isLoading, isSignedIn } = useCurrentUser();
  const location = useLocation();

  if (isLoading) return <Loading />;
  if (!isSignedIn || !user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }

  return (
    <>
      <h1>Bookmarks</h1>
      <p className="lead">Posts you saved for later, most recent first.</p>
      <BookmarkList />
    </>
  );
}
