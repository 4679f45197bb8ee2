import { useLocation } from 'react-router';

import { VerifyEmail } from '@/features/auth/components/verify-email';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { parseToken } from '@/lib/email-link';

export function VerifyEmailRoute() {
  useDocumentTitle('Verify your email');
  const token = parseToken(useLocation().search);
  return (
    <section className="auth-page">
      <h1>Verify your email</h1>
      <VerifyEmail token={token} />
    </section>
  );
}
