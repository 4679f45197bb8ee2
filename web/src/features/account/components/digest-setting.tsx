import { useId } from 'react';

import { ErrorMessage, Loading } from '@/components/status';

import { useSettings } from '../api/get-settings';
import { useUpdateSettings } from '../api/update-settings';

/** The "Daily digest" switch, saved as soon as it is flipped. */
export function DigestSetting() {
  const settings = useSettings();
  const update = useUpdateSettings();
  const hintId = useId();

  if (settings.isPending) return <Loading label="Loading your settings…" />;
  if (settings.isError) return <ErrorMessage error={settings.error} />;

  // While saving, show the value being saved rather than flicking back.
  const digest = update.isPending ? (update.variables.body?.digest ?? settings.data.digest) : settings.data.digest;

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
          onChange={(e) => update.mutate({ body: { digest: e.target.checked } })}
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
