import { useCallback } from 'react';
import { Link } from 'react-router';

import { ErrorMessage, Loading } from '@/components/status';
import { useRunOnce } from '@/hooks/use-run-once';
import { linkErrorMessage } from '@/lib/email-link';

import { useCurrentUser } from '../api/get-me';
import { useVerifyEmail } from '../api/verify-email';

/** Spends the token of a verification link once, on arrival, and says how it went. */
export function VerifyEmail({ token }: { token: string | null }) {
  const verify = useVerifyEmail();
  const { isSignedIn } = useCurrentUser();
  const { mutate } = verify;
  // The token is single-use: a second request would fail and hide the first one's success.
  useRunOnce(
    token,
    useCallback((t: string) => mutate({ body: { token: t } }), [mutate]),
  );

  if (!token) {
    return (
      <ErrorMessage>
        This link has no token. Open the link from the email again, or copy all of it into the address bar.
      </ErrorMessage>
    );
  }
  if (verify.isSuccess) {
    return (
      <>
        <p className="alert alert-success" role="status">
          Your email address is verified. Thank you!
        </p>
        <p>{isSignedIn ? <Link to="/settings">Back to your settings</Link> : <Link to="/login">Sign in</Link>}</p>
      </>
    );
  }
  if (verify.isError) {
    return (
      <>
        <ErrorMessage>{linkErrorMessage(verify.error)}</ErrorMessage>
        <p className="muted">
          {isSignedIn ? (
            <>
              You can ask for a new link in your <Link to="/settings">settings</Link>.
            </>
          ) : (
            <>
              <Link to="/login?next=%2Fsettings">Sign in</Link> to ask for a new link.
            </>
          )}
        </p>
      </>
    );
  }
  return <Loading label="Verifying your email address…" />;
}
