import { Link, useLocation } from 'react-router';

export function PaywallNotice({ signedIn }: { signedIn: boolean }) {
  const location = useLocation();
  const next = encodeURIComponent(location.pathname);
  return (
    <aside className="paywall" aria-label="Premium post">
      <h2>The rest of this post is for premium members</h2>
      {signedIn ? (
        <p>Your account does not include premium access yet.</p>
      ) : (
        <p>
          Premium members can read it in full. <Link to={`/login?next=${next}`}>Sign in</Link> if you already have
          access, or <Link to={`/register?next=${next}`}>create an account</Link>.
        </p>
      )}
    </aside>
  );
}
