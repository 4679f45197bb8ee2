import { useId, useState } from 'react';

import { ErrorMessage, Loading } from '@/components/status';
import { theme, type ThemePreference } from '@/lib/theme';

import { useSettings } from '../api/get-settings';
import { useUpdateSettings } from '../api/update-settings';

const OPTIONS: ReadonlyArray<{ value: ThemePreference; label: string }> = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** System, Light or Dark: applied at once and saved to the account, so every device follows. */
export function ThemeSetting() {
  const settings = useSettings();
  const update = useUpdateSettings();
  const hintId = useId();
  // The choice being saved, shown (and applied) from the moment of the click.
  const [saving, setSaving] = useState<ThemePreference | null>(null);

  if (settings.isPending) return <Loading label="Loading your settings…" />;
  if (settings.isError) return <ErrorMessage error={settings.error} />;

  const saved = settings.data.theme;
  const current = saving ?? saved;

  const choose = (next: ThemePreference) => {
    setSaving(next);
    theme.setPreference(next);
    update.mutate(
      { body: { theme: next } },
      {
        // Not saved: back to the theme the account has.
        onError: () => theme.setPreference(saved),
        onSettled: () => setSaving(null),
      },
    );
  };

  return (
    <div className="field">
      <fieldset className="choice-group" aria-describedby={hintId} disabled={update.isPending}>
        <legend className="visually-hidden">Colour theme</legend>
        {OPTIONS.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="radio"
              name="theme"
              value={option.value}
              checked={current === option.value}
              onChange={() => choose(option.value)}
            />{' '}
            {option.label}
          </label>
        ))}
      </fieldset>
      <p id={hintId} className="field-hint">
        System follows your device's light or dark setting, and changes with it.
      </p>
      {update.isError && <ErrorMessage error={update.error} />}
    </div>
  );
}
