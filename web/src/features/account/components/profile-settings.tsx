import { useState, type FormEvent } from 'react';

import { Field, FormError } from '@/components/field';
import { ErrorMessage, Loading } from '@/components/status';
import { toFormErrors } from '@/lib/problem';

import { useSettings } from '../api/get-settings';
import { useUpdateSettings } from '../api/update-settings';

const FIELDS = ['display_name'] as const;

/** The name shown on my comments and in the header. */
export function ProfileSettings() {
  const settings = useSettings();
  if (settings.isPending) return <Loading label="Loading your settings…" />;
  if (settings.isError) return <ErrorMessage error={settings.error} />;
  return <ProfileForm displayName={settings.data.display_name} />;
}

function ProfileForm({ displayName }: { displayName: string }) {
  const update = useUpdateSettings();
  const [name, setName] = useState(displayName);
  const errors = toFormErrors(update.error, FIELDS);
  const unchanged = name.trim() === displayName;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ body: { display_name: name } }, { onSuccess: (settings) => setName(settings.display_name) });
  };

  return (
    <form className="form narrow" onSubmit={submit} noValidate>
      {update.isSuccess && (
        <p className="alert alert-success" role="status">
          Saved. You now appear as {update.data.display_name}.
        </p>
      )}
      <FormError message={errors.message} />
      <Field label="Display name" error={errors.fields.display_name} hint="Shown on your comments and in the header.">
        {(p) => (
          <input
            {...p}
            type="text"
            name="display_name"
            autoComplete="name"
            required
            maxLength={80}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              if (update.isSuccess) update.reset();
            }}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={unchanged || update.isPending}>
          {update.isPending ? 'Saving…' : 'Save name'}
        </button>
      </div>
    </form>
  );
}
