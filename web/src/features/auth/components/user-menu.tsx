import { Link, useNavigate } from 'react-router';

import { useCurrentUser } from '../api/get-me';
import { useLogout } from '../api/logout';

/** The header's account corner: sign-in links, or the user's name and sign-out. */
export function UserMenu() {
  const { user, isSignedIn, isLoading } = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();

  if (isLoading && !user) return <span className="user-menu muted" aria-busy="true" />;

  if (!isSignedIn || !user) {
    return (
      <nav className="user-menu" aria-label="Account">
        <Link to="/login">Sign in</Link>
        <Link to="/register" className="button button-small">
          Register
        </Link>
      </nav>
    );
  }

  return (
    <nav className="user-menu" aria-label="Account">
      {user.role === 'admin' && <Link to="/admin">Admin</Link>}
      <Link to="/bookmarks">Bookmarks</Link>
      <Link to="/notes">Notes</Link>
      <Link to="/settings">Settings</Link>
      <span className="user-name">{user.display_name}</span>
      <button
        type="button"
        className="button button-small"
        disabled={logout.isPending}
        onClick={() => logout.mutate({ credentials: 'include' }, { onSettled: () => navigate('/') })}
      >
        Sign out
      </button>
    </nav>
  );
}
