import { useCallback } from 'react';
import { Link } from 'react-router';

import { ErrorMessage, Loading } from '@/components/status';
import { useRunOnce } from '@/hooks/use-run-once';
import { linkErrorMessage } from '@/lib/email-link';

import { useConfirmSubscription } from '../api/confirm-subscription';

/** Spends the token of a confirmation link once, on arrival. */
export function ConfirmSubscription({ token }: { token: string | null }) {
  const confirm = useConfirmSubscription();
  const { mutate } = confirm;
  useRunOnce(
    token,
    useCallback((t: string) => mutate({ body: { token: t } }), [mutate]),
  );

  if (!token) {
    return <ErrorMessage>This link has no token. Open the link from the email again.</ErrorMessage>;
  }
  if (confirm.isSuccess) {
    return (
      <>
        <p className="alert alert-success" role="status">
          You're subscribed. The newsletter will go to {confirm.data.email}.
        </p>
        <p>
          <Link to="/">Read the latest posts</Link>
        </p>
      </>
    );
  }
  if (confirm.isError) return <ErrorMessage>{linkErrorMessage(confirm.error)}</ErrorMessage>;
  return <Loading label="Confirming your subscription…" />;
}
