import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import { Field, FormError } from '@/components/field';
import { toFormErrors } from '@/lib/problem';

import { useForgotPassword } from '../api/forgot-password';

const FIELDS = ['email'] as const;

export function ForgotPasswordForm() {
  const forgot = useForgotPassword();
  const [email, setEmail] = useState('');
  const errors = toFormErrors(forgot.error, FIELDS);

  if (forgot.isSuccess) {
    return (
      <>
        <p className="alert alert-success" role="status">
          If an account exists, we sent a link to {forgot.variables.body.email}. Open it within an hour to choose a new
          password.
        </p>
        <p className="muted">
          No email? Check your spam folder, or <Link to="/register">create an account</Link>.
        </p>
      </>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    forgot.mutate({ body: { email: email.trim() } });
  };

  return (
    <form className="form narrow" onSubmit={submit} noValidate>
      <p className="muted">Enter the email you signed up with and we will send you a link to choose a new password.</p>
      <FormError message={errors.message} />
      <Field label="Email" error={errors.fields.email}>
        {(p) => (
          <input {...p} type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={forgot.isPending}>
          {forgot.isPending ? 'Sending…' : 'Send reset link'}
        </button>
        <Link to="/login">Back to sign in</Link>
      </div>
    </form>
  );
}
