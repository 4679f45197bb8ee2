import { useLocation } from 'react-router';

import { UnsubscribePanel } from '@/features/newsletter/components/unsubscribe-panel';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { parseToken } from '@/lib/email-link';

export function UnsubscribeRoute() {
  useDocumentTitle('Unsubscribe');
  const token = parseToken(useLocation().search);
  return (
    <section className="auth-page">
      <h1>Unsubscribe</h1>
      <UnsubscribePanel token={token} />
    </section>
  );
}
