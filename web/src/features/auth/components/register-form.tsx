import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import { Field, FormError } from '@/components/field';
import { toFormErrors } from '@/lib/problem';

import { useRegister } from '../api/register';

const FIELDS = ['display_name', 'email', 'password'] as const;

export function RegisterForm({ onSuccess, loginHref }: { onSuccess: () => void; loginHref: string }) {
  const register = useRegister();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errors = toFormErrors(register.error, FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate(
      { body: { display_name: displayName, email, password }, credentials: 'include' },
      { onSuccess },
    );
  };

  return (
    <form className="form narrow" onSubmit={submit} noValidate>
      <FormError message={errors.message} />
      <Field label="Name" error={errors.fields.display_name} hint="Shown with your comments.">
        {(p) => (
          <input
            {...p}
            name="display_name"
            autoComplete="name"
            required
            maxLength={80}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        )}
      </Field>
      <Field label="Email" error={errors.fields.email}>
        {(p) => (
          <input {...p} type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        )}
      </Field>
      <Field label="Password" error={errors.fields.password} hint="At least 10 characters.">
        {(p) => (
          <input
            {...p}
            type="password"
            name="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={register.isPending}>
          {register.isPending ? 'Creating account…' : 'Create account'}
        </button>
        <span className="muted">
          Already have an account? <Link to={loginHref}>Sign in</Link>
        </span>
      </div>
    </form>
  );
}
