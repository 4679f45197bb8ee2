import { ForgotPasswordForm } from '@/features/auth/components/forgot-password-form';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function ForgotPasswordRoute() {
  useDocumentTitle('Forgot your password?');
  return (
    <section className="auth-page">
      <h1>Forgot your password?</h1>
      <ForgotPasswordForm />
    </section>
  );
}
