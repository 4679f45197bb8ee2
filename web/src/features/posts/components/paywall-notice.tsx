import { Link, useLocation } from 'react-router';

import { rememberReturnTo } from '@/lib/return-to';

interface PaywallNoticeProps {
  signedIn: boolean;
  /** Payments are set up on this site: a signed-in reader can subscribe straight away. */
  canSubscribe?: boolean;
}

export function PaywallNotice({ signedIn, canSubscribe = false }: PaywallNoticeProps) {
  const location = useLocation();
  const next = encodeURIComponent(location.pathname);
  // After Checkout, the success page links back to this post.
  const rememberPost = () => rememberReturnTo(location.pathname);

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
      <div className="actions">
        {signedIn && canSubscribe && (
          <Link to="/pricing" className="button button-primary" onClick={rememberPost}>
            Subscribe
          </Link>
        )}
        <Link to="/pricing" onClick={rememberPost}>
          See plans
        </Link>
      </div>
    </aside>
  );
}
