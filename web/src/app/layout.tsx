import { Link, NavLink, Outlet, ScrollRestoration } from 'react-router';

import { useServerTheme } from '@/features/account/hooks/use-server-theme';
import { AskPanel } from '@/features/ask/components/ask-panel';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { UserMenu } from '@/features/auth/components/user-menu';
import { useSession } from '@/hooks/use-session';

import { HeaderTools } from './header-tools';

export function Layout() {
  const { isSignedIn } = useCurrentUser();
  const { status } = useSession();
  useServerTheme();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            Lectern
          </Link>
          <nav className="site-nav" aria-label="Main">
            <NavLink to="/" end>
              Posts
            </NavLink>
            <NavLink to="/series">Series</NavLink>
            <NavLink to="/pricing">Pricing</NavLink>
          </nav>
          <HeaderTools />
          <UserMenu />
        </div>
      </header>
      <main id="main" className="site-main">
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          Lectern · <a href="/docs/">API</a>
        </p>
      </footer>
      <AskPanel signedIn={isSignedIn} sessionPending={status === 'restoring'} />
      <ScrollRestoration />
    </>
  );
}
