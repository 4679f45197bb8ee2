import { useSearchParams } from 'react-router';

import { useCurrentUser } from '@/features/auth/api/get-me';
import { PricingPlans } from '@/features/billing/components/pricing-plans';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** The plans on sale; Stripe sends a reader who backs out of Checkout here with `?checkout=canceled`. */
export function PricingRoute() {
  useDocumentTitle('Pricing');
  const [params] = useSearchParams();
  const { user, isLoading, isSignedIn } = useCurrentUser();
  const canceled = params.get('checkout') === 'canceled';

  return (
    <>
      <h1>Pricing</h1>
      <p className="lead">Premium members read every post in full, including the premium deep dives.</p>
      {canceled && (
        <p className="alert" role="status">
          Checkout was canceled; you have not been charged.
        </p>
      )}
      <PricingPlans signedIn={isSignedIn && !!user} premium={user?.premium === true} sessionPending={isLoading} />
    </>
  );
}
