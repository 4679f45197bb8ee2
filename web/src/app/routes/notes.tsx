import { Navigate, useLocation } from 'react-router';

import { Loading } from '@/components/status';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { NoteList } from '@/features/notes/components/note-list';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** The signed-in reader's notes on every post; anonymous visitors sign in first. */
export function NotesRoute() {
  useDocumentTitle('My notes');
  const { user, isLoading, isSignedIn } = useCurrentUser();
  const location = useLocation();

  if (isLoading) return <Loading />;
  if (!isSignedIn || !user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }

  return (
    <>
      <h1>My notes</h1>
      <p className="lead">Your private notes on posts, most recent first.</p>
      <NoteList />
    </>
  );
}
