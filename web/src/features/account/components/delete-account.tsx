import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';

import { Field, FormError } from '@/components/field';
import { toFormErrors } from '@/lib/problem';

import { useDeleteAccount } from '../api/delete-account';

const FIELDS = ['password'] as const;

/** "Delete my account", behind a second step that asks for the password. */
export function DeleteAccount() {
  const navigate = useNavigate();
  // Home first, drawn at once: the settings page would send a signed-out visitor to sign in.
  const remove = useDeleteAccount(() => navigate('/', { replace: true, flushSync: true }));
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');
  const errors = toFormErrors(remove.error, FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    remove.mutate({ body: password ? { password } : {} });
  };

  return (
    <>
      <p>
        Your bookmarks, notes, reactions, reading progress, followed series, notifications and Ask AI conversations are
        deleted with the account. Your comments stay in their threads, shown as by “a deleted member”. This cannot be
        undone.
      </p>
      {!confirming ? (
        <div className="actions">
          <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
            Delete my account…
          </button>
        </div>
      ) : (
        <form className="form narrow" onSubmit={submit} noValidate>
          <FormError message={errors.message} />
          <Field
            label="Your password, to confirm"
            error={errors.fields.password}
            hint="Leave it empty if you have only ever signed in with Google."
          >
            {(p) => (
              <input
                {...p}
                type="password"
                name="password"
                autoComplete="current-password"
                autoFocus
                maxLength={256}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <div className="actions">
            <button type="submit" className="button button-danger" disabled={remove.isPending}>
              {remove.isPending ? 'Deleting…' : 'Delete my account for good'}
            </button>
            <button
              type="button"
              className="button"
              disabled={remove.isPending}
              onClick={() => {
                remove.reset();
                setPassword('');
                setConfirming(false);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </>
  );
}
