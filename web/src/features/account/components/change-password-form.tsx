import { useState, type FormEvent } from 'react';

import { Field, FormError } from '@/components/field';
import { toFormErrors } from '@/lib/problem';

import { useChangePassword } from '../api/change-password';

const FIELDS = ['current_password', 'new_password'] as const;

/** A new password for the account; every other device is signed out, this one stays signed in. */
export function ChangePasswordForm() {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const errors = toFormErrors(change.error, FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate(
      { body: { ...(current ? { current_password: current } : {}), new_password: next }, credentials: 'include' },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
        },
      },
    );
  };

  return (
    <form className="form narrow" onSubmit={submit} noValidate>
      {change.isSuccess && (
        <p className="alert alert-success" role="status">
          Your password has been changed. Every other device was signed out.
        </p>
      )}
      <FormError message={errors.message} />
      <Field
        label="Current password"
        error={errors.fields.current_password}
        hint="Leave it empty if you have only ever signed in with Google: this sets your first password."
      >
        {(p) => (
          <input
            {...p}
            type="password"
            name="current_password"
            autoComplete="current-password"
            maxLength={256}
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        )}
      </Field>
      <Field label="New password" error={errors.fields.new_password} hint="At least 10 characters.">
        {(p) => (
          <input
            {...p}
            type="password"
            name="new_password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={256}
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={change.isPending}>
          {change.isPending ? 'Saving…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
