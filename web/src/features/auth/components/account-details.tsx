import { ErrorMessage } from '@/components/status';

import type { User } from '../api/get-me';
import { useResendVerification } from '../api/resend-verification';

/** The account's name, email and whether the email is verified, with a way to get a new link. */
export function AccountDetails({ user }: { user: User }) {
  const resend = useResendVerification();

  return (
    <>
      <dl className="details">
        <dt>Name</dt>
        <dd>{user.display_name}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Email status</dt>
        <dd>
          {user.email_verified ? (
            <span className="status status-published">Verified</span>
          ) : (
            <span className="status status-scheduled">Not verified</span>
          )}
        </dd>
      </dl>
      {!user.email_verified && (
        <div className="verify-prompt">
          <p className="muted">
            We sent a link to {user.email} when you signed up. Open it to confirm the address is yours; the link is valid
            for 24 hours.
          </p>
          {resend.isSuccess ? (
            <p className="alert alert-success" role="status">
              We sent a new link to {user.email}. Check your inbox.
            </p>
          ) : (
            <button type="button" className="button" disabled={resend.isPending} onClick={() => resend.mutate({})}>
              {resend.isPending ? 'Sending…' : 'Resend verification email'}
            </button>
          )}
          {resend.isError && <ErrorMessage error={resend.error} />}
        </div>
      )}
    </>
  );
}
