import { Navigate, Outlet, useLocation } from 'react-router';

import { Loading } from '@/components/status';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { AdminNav } from '@/features/admin/components/admin-nav';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** Guards the admin area: anonymous visitors sign in first, readers are told no. */
export function AdminLayout() {
  const { user, isLoading, isSignedIn } = useCurrentUser();
  const location = useLocation();

  if (isLoading) return <Loading />;
  if (!isSignedIn || !user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (user.role !== 'admin') return <Forbidden />;

  return (
    <div className="admin">
      <AdminNav />
      <Outlet />
    </div>
  );
}

function Forbidden() {
  useDocumentTitle('Forbidden');
  return (
    <section>
      <h1>Forbidden</h1>
      <p>This area is for admins only. You are signed in with a reader account.</p>
    </section>
  );
}
