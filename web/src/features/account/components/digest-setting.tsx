import { useId, useState } from 'react';

import { ErrorMessage, Loading } from '@/components/status';

import { useSettings } from '../api/get-settings';
import { useUpdateSettings } from '../api/update-settings';

/** The "Daily digest" switch, saved as soon as it is flipped. */
export function DigestSetting() {
  const settings = useSettings();
  const update = useUpdateSettings();
  const hintId = useId();
  // The value being saved, shown from the moment of the click (the mutation's own state
  // arrives a tick later, and a controlled checkbox would flick back meanwhile).
  const [saving, setSaving] = useState<boolean | null>(null);

  if (settings.isPending) return <Loading label="Loading your settings…" />;
  if (settings.isError) return <ErrorMessage error={settings.error} />;

  const digest = saving ?? settings.data.digest;

  return (
    <div className="field checkbox">
      <label>
        <input
          type="checkbox"
          role="switch"
          name="digest"
          checked={digest}
          disabled={update.isPending}
          aria-describedby={hintId}
          onChange={(e) => {
            const next = e.target.checked;
            setSaving(next);
            // On success the settings cache already holds the new value; on failure it shows the old one.
            update.mutate({ body: { digest: next } }, { onSettled: () => setSaving(null) });
          }}
        />{' '}
        Daily digest
      </label>
      <p id={hintId} className="field-hint">
        One email a day listing the posts published in the last 24 hours. Every digest has a link to stop it.
      </p>
      {update.isError && <ErrorMessage error={update.error} />}
    </div>
  );
}
