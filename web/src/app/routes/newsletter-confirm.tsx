import { useLocation } from 'react-router';

import { ConfirmSubscription } from '@/features/newsletter/components/confirm-subscription';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { parseToken } from '@/lib/email-link';

export function NewsletterConfirmRoute() {
  useDocumentTitle('Confirm your subscription');
  const token = parseToken(useLocation().search);
  return (
    <section className="auth-page">
      <h1>Newsletter</h1>
      <ConfirmSubscription token={token} />
    </section>
  );
}
