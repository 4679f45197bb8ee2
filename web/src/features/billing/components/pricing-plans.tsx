import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';

import { ErrorMessage, Loading } from '@/components/status';
import { usePageRestored } from '@/hooks/use-page-restored';
import { errorMessage, problemStatus } from '@/lib/problem';

import { usePlans, type Plan, type PlanView } from '../api/get-plans';
import { useStartCheckout } from '../api/start-checkout';
import { formatPlanPrice } from '../utils/price';

interface PricingPlansProps {
  signedIn: boolean;
  /** The signed-in reader can already read premium posts. */
  premium: boolean;
  /** The session is still being restored: who would subscribe is not known yet. */
  sessionPending: boolean;
}

/** The plans as cards, each with a button to subscribe when payments are set up here. */
export function PricingPlans({ signedIn, premium, sessionPending }: PricingPlansProps) {
  const plans = usePlans();
  const checkout = useStartCheckout();
  const navigate = useNavigate();
  usePageRestored(checkout.reset);

  if (plans.isPending) return <Loading label="Loading the plans…" />;
  if (plans.isError) return <ErrorMessage error={plans.error} />;

  const { available } = plans.data;
  // On success the browser is already on its way to Stripe: keep the buttons off meanwhile.
  const leaving = checkout.isPending || checkout.isSuccess;
  const chosen = leaving ? checkout.variables?.body.plan : null;

  const subscribe = (plan: Plan) => {
    // Checkout needs an account; sign-in comes back here (and links to registration).
    if (!signedIn) {
      navigate('/login?next=/pricing');
      return;
    }
    checkout.mutate({ body: { plan } });
  };

  return (
    <>
      {premium ? (
        <p className="alert alert-success">
          You already have premium access. See the details in <Link to="/settings">your settings</Link>.
        </p>
      ) : (
        !available && <p className="alert">Payments are not enabled on this site yet, so these plans cannot be bought here.</p>
      )}
      {checkout.isError && <CheckoutError error={checkout.error} />}
      <ul className="plans">
        {plans.data.plans.map((plan) => (
          <PlanCard key={plan.id} plan={plan}>
            {available && !premium && (
              <button
                type="button"
                className="button button-primary"
                disabled={leaving || sessionPending}
                aria-label={`Subscribe ${plan.id}`}
                onClick={() => subscribe(plan.id)}
              >
                {chosen === plan.id ? 'Going to checkout…' : `Subscribe ${plan.id}`}
              </button>
            )}
          </PlanCard>
        ))}
      </ul>
    </>
  );
}

function PlanCard({ plan, children }: { plan: PlanView; children: ReactNode }) {
  return (
    <li className="card plan">
      <h2>{plan.name}</h2>
      <p className="plan-price">{formatPlanPrice(plan)}</p>
      {plan.features.length > 0 && (
        <ul className="plan-features">
          {plan.features.map((feature) => (
            <li key={feature}>{feature}</li>
          ))}
        </ul>
      )}
      {children}
    </li>
  );
}

/** The problem's own words; a reader who already subscribes manages it from the settings. */
function CheckoutError({ error }: { error: unknown }) {
  return (
    <ErrorMessage>
      {errorMessage(error)}
      {problemStatus(error) === 409 && (
        <>
          {' '}
          <Link to="/settings">Manage your subscription in settings</Link>
        </>
      )}
    </ErrorMessage>
  );
}
