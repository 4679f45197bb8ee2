import { Link } from 'react-router';

import { ErrorMessage, Loading } from '@/components/status';
import { usePageRestored } from '@/hooks/use-page-restored';

import { useOpenPortal } from '../api/open-portal';
import { usePlans } from '../api/get-plans';
import { useSubscription } from '../api/get-subscription';
import { describeAccess, describeSubscription } from '../utils/subscription';

interface SubscriptionSettingsProps {
  /** From the signed-in account: premium by subscription or by an admin's grant. */
  premium: boolean;
  premiumUntil: string | null | undefined;
}

/** The reader's plan, renewal and a way into Stripe's billing portal. */
export function SubscriptionSettings({ premium, premiumUntil }: SubscriptionSettingsProps) {
  const plans = usePlans();
  const available = plans.data?.available === true;
  // Without Stripe keys the subscription endpoint only answers 503: do not ask.
  const subscription = useSubscription({ enabled: available });
  const portal = useOpenPortal();
  usePageRestored(portal.reset);

  if (plans.isPending) return <Loading label="Loading your subscription…" />;
  // No payments here (or no answer about them): the account still knows about granted premium.
  if (!available) return <p>{describeAccess(premium, premiumUntil)}</p>;
  if (subscription.isPending) return <Loading label="Loading your subscription…" />;
  if (subscription.isError) return <ErrorMessage error={subscription.error} />;

  const summary = describeSubscription(subscription.data);
  const leaving = portal.isPending || portal.isSuccess;

  return (
    <>
      <p className={summary.tone === 'warning' ? 'alert alert-warning' : undefined}>{summary.text}</p>
      {(summary.offerPlans || subscription.data.portal_available) && (
        <div className="actions">
          {summary.offerPlans && (
            <Link to="/pricing" className="button button-primary">
              See plans
            </Link>
          )}
          {subscription.data.portal_available && (
            <button type="button" className="button" disabled={leaving} onClick={() => portal.mutate({})}>
              {leaving ? 'Opening the billing portal…' : 'Manage billing'}
            </button>
          )}
        </div>
      )}
      {subscription.data.portal_available && (
        <p className="field-hint">Change your plan or card, download invoices, or cancel, on Stripe's billing portal.</p>
      )}
      {portal.isError && <ErrorMessage error={portal.error} />}
    </>
  );
}
