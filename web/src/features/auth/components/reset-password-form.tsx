import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import { ErrorMessage } from '@/components/status';
import { Field, FormError } from '@/components/field';
import { toFormErrors } from '@/lib/problem';

import { useResetPassword } from '../api/reset-password';

const FIELDS = ['password', 'token'] as const;

export function ResetPasswordForm({ token }: { token: string | null }) {
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const errors = toFormErrors(reset.error, FIELDS);

  if (!token) {
    return (
      <ErrorMessage>
        This link has no token. Open the link from the email again, or <Link to="/forgot-password">ask for a new one</Link>.
      </ErrorMessage>
    );
  }

  if (reset.isSuccess) {
    return (
      <>
        <p className="alert alert-success" role="status">
          Your password has been changed, and every session was signed out.
        </p>
        <p>
          <Link to="/login" className="button button-primary">
            Sign in
          </Link>
        </p>
      </>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    reset.mutate({ body: { token, password } });
  };

  return (
    <form className="form narrow" onSubmit={submit} noValidate>
      {errors.fields.token && (
        <div className="alert alert-error" role="alert">
          This reset link {errors.fields.token.replace(/\.$/, '')}. <Link to="/forgot-password">Ask for a new link</Link>.
        </div>
      )}
      <FormError message={errors.message} />
      <Field label="New password" error={errors.fields.password} hint="At least 10 characters.">
        {(p) => (
          <input
            {...p}
            type="password"
            name="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={256}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={reset.isPending}>
          {reset.isPending ? 'Saving…' : 'Set new password'}
        </button>
      </div>
    </form>
  );
}
