import { useNavigate, useSearchParams } from 'react-router';

import { GoogleSignIn } from '@/features/auth/components/google-sign-in';
import { RegisterForm } from '@/features/auth/components/register-form';
import { useDocumentTitle } from '@/hooks/use-document-title';

import { safeNext } from './safe-next';

export function RegisterRoute() {
  useDocumentTitle('Create an account');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const query = params.get('next') ? `?next=${encodeURIComponent(next)}` : '';

  return (
    <section className="auth-page">
      <h1>Create an account</h1>
      <RegisterForm onSuccess={() => navigate(next, { replace: true })} loginHref={`/login${query}`} />
      <GoogleSignIn returnTo={next} />
    </section>
  );
}
