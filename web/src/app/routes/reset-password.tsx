import { useLocation } from 'react-router';

import { ResetPasswordForm } from '@/features/auth/components/reset-password-form';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { parseToken } from '@/lib/email-link';

export function ResetPasswordRoute() {
  useDocumentTitle('Choose a new password');
  const token = parseToken(useLocation().search);
  return (
    <section className="auth-page">
      <h1>Choose a new password</h1>
      <ResetPasswordForm token={token} />
    </section>
  );
}
