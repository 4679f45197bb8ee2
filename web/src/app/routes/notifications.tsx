import { Navigate, useLocation } from 'react-router';

import { Loading } from '@/components/status';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { NotificationsPage } from '@/features/notifications/components/notifications-page';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** The signed-in reader's notifications; anonymous visitors sign in first. */
export function NotificationsRoute() {
  useDocumentTitle('Notifications');
  const { user, isLoading, isSignedIn } = useCurrentUser();
  const location = useLocation();

  if (isLoading) return <Loading />;
  if (!isSignedIn || !user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <NotificationsPage />;
}
