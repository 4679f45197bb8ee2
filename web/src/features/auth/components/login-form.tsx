import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import { Field, FormError } from '@/components/field';
import { toFormErrors } from '@/lib/problem';

import { useLogin } from '../api/login';

const FIELDS = ['email', 'password'] as const;

export function LoginForm({ onSuccess, registerHref }: { onSuccess: () => void; registerHref: string }) {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errors = toFormErrors(login.error, FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ body: { email, password }, credentials: 'include' }, { onSuccess });
  };

  return (
    <form className="form narrow" onSubmit={submit} noValidate>
      <FormError message={errors.message} />
      <Field label="Email" error={errors.fields.email}>
        {(p) => (
          <input {...p} type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        )}
      </Field>
      <Field label="Password" error={errors.fields.password}>
        {(p) => (
          <input
            {...p}
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <span className="muted">
          New here? <Link to={registerHref}>Create an account</Link>
        </span>
      </div>
      <p className="small">
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </form>
  );
}
