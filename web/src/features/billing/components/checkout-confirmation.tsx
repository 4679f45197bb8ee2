import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';

import { ErrorMessage, Loading } from '@/components/status';
import { invalidateAccess } from '@/lib/invalidate';
import { forgetReturnTo, readReturnTo } from '@/lib/return-to';

import { useSubscriptionUntilPremium } from '../api/get-subscription';
import { describeSubscription } from '../utils/subscription';

/** Stripe's webhook usually lands within seconds; past this, stop asking and say so. */
const GIVE_UP_MS = 60_000;

/**
 * Back from Checkout: waits for the subscription to open premium posts, then says so and
 * links back to the post the reader was reading.
 */
export function CheckoutConfirmation() {
  const queryClient = useQueryClient();
  // Read once on arrival: it is forgotten as soon as the purchase is confirmed.
  const [returnTo] = useState(() => readReturnTo());
  // Each "Check again" starts a fresh minute of polling.
  const [round, setRound] = useState(0);
  const [timedOut, setTimedOut] = useState(false);
  const subscription = useSubscriptionUntilPremium({ stop: timedOut });
  const confirmed = subscription.data?.premium ? subscription.data : null;
  const premium = confirmed !== null;

  useEffect(() => {
    const timer = window.setTimeout(() => setTimedOut(true), GIVE_UP_MS);
    return () => window.clearTimeout(timer);
  }, [round]);

  useEffect(() => {
    if (!premium) return;
    // The header, settings and any paywalled post still hold the answers from before.
    void invalidateAccess(queryClient);
    forgetReturnTo();
  }, [premium, queryClient]);

  const checkAgain = () => {
    setTimedOut(false);
    setRound((n) => n + 1);
    void subscription.refetch();
  };

  if (confirmed) {
    return (
      <>
        <h1>You're subscribed</h1>
        <p className="alert alert-success" role="status">
          {describeSubscription(confirmed).text}
        </p>
        <p>{returnTo ? <Link to={returnTo}>Continue reading</Link> : <Link to="/">Read the latest posts</Link>}</p>
        <p className="muted">
          You can change your plan or cancel at any time from your <Link to="/settings">settings</Link>.
        </p>
      </>
    );
  }

  const failed = subscription.isError;
  return (
    <>
      <h1>Thank you</h1>
      {failed ? (
        <ErrorMessage error={subscription.error} />
      ) : timedOut ? (
        <p className="alert" role="status">
          Your payment is still being confirmed. This can take a few minutes; check your{' '}
          <Link to="/settings">settings</Link> later.
        </p>
      ) : (
        <Loading label="Confirming your payment…" />
      )}
      {(failed || timedOut) && (
        <button type="button" className="button" disabled={subscription.isFetching} onClick={checkAgain}>
          Check again
        </button>
      )}
    </>
  );
}
