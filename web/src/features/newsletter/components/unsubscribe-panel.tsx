import { Link } from 'react-router';

import { ErrorMessage, Loading } from '@/components/status';
import { linkErrorMessage } from '@/lib/email-link';

import { useUnsubscribeLink } from '../api/get-unsubscribe-link';
import { useUnsubscribe } from '../api/unsubscribe';

/** "the daily digest" for `digest`; lists the API may add later keep their own name. */
function listName(list: string): string {
  if (list === 'newsletter') return "Lectern's newsletter";
  if (list === 'digest') return 'the daily digest';
  return `the ${list} list`;
}

/**
 * What an unsubscribe link is for, and a button that does it. Opening the page changes
 * nothing: mail scanners follow links, and only a person's click should unsubscribe.
 */
export function UnsubscribePanel({ token }: { token: string | null }) {
  const link = useUnsubscribeLink(token);
  const unsubscribe = useUnsubscribe();

  if (!token) return <ErrorMessage>This link has no token. Open the link from the email again.</ErrorMessage>;
  if (unsubscribe.isSuccess) {
    const { email, list } = unsubscribe.data;
    return (
      <>
        <p className="alert alert-success" role="status">
          Unsubscribed: {email} will no longer receive {listName(list)}.
        </p>
        <p>
          <Link to="/">Back to the latest posts</Link>
        </p>
      </>
    );
  }
  if (link.isPending) return <Loading />;
  if (link.isError) return <ErrorMessage>{linkErrorMessage(link.error)}</ErrorMessage>;

  return (
    <div className="card">
      <p>
        Stop sending {listName(link.data.list)} to <strong>{link.data.email}</strong>?
      </p>
      {unsubscribe.isError && <ErrorMessage>{linkErrorMessage(unsubscribe.error)}</ErrorMessage>}
      <button
        type="button"
        className="button button-primary"
        disabled={unsubscribe.isPending}
        onClick={() => unsubscribe.mutate({ params: { query: { token } } })}
      >
        {unsubscribe.isPending ? 'Unsubscribing…' : 'Unsubscribe'}
      </button>
    </div>
  );
}
