import { Link, useNavigate, useSearchParams } from 'react-router';

import { useCurrentUser } from '@/features/auth/api/get-me';
import { GoogleSignIn } from '@/features/auth/components/google-sign-in';
import { LoginForm } from '@/features/auth/components/login-form';
import { useDocumentTitle } from '@/hooks/use-document-title';

import { safeNext } from './safe-next';

export function LoginRoute() {
  useDocumentTitle('Sign in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const { user } = useCurrentUser();
  const query = params.get('next') ? `?next=${encodeURIComponent(next)}` : '';

  return (
    <section className="auth-page">
      <h1>Sign in</h1>
      {user && (
        <p className="alert">
          You are signed in as {user.display_name}. <Link to={next}>Continue</Link>
        </p>
      )}
      <LoginForm onSuccess={() => navigate(next, { replace: true })} registerHref={`/register${query}`} />
      <GoogleSignIn returnTo={next} />
    </section>
  );
}
