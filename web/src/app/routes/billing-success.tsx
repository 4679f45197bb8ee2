import { Navigate, useLocation } from 'react-router';

import { Loading } from '@/components/status';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { CheckoutConfirmation } from '@/features/billing/components/checkout-confirmation';
import { useDocumentTitle } from '@/hooks/use-document-title';

/**
 * Where Stripe sends the reader after paying (`?session_id=…`). The session id is not
 * needed: the subscription is read for the signed-in user, once the webhook has landed.
 */
export function BillingSuccessRoute() {
  useDocumentTitle('Subscription');
  const { user, isLoading, isSignedIn } = useCurrentUser();
  const location = useLocation();

  if (isLoading) return <Loading />;
  if (!isSignedIn || !user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }

  return <CheckoutConfirmation />;
}
