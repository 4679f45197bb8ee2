import { useState } from 'react';

import { ErrorMessage, Loading } from '@/components/status';

import { useSettings } from '../api/get-settings';
import { useUpdateSettings } from '../api/update-settings';
import {
  NOTIFICATION_KIND_LABELS,
  preferencePatch,
  replacePreference,
  withChannel,
  type NotificationChannel,
  type NotificationPreference,
} from '../utils/notification-preferences';

const CHANNELS: ReadonlyArray<{ channel: NotificationChannel; label: string }> = [
  { channel: 'in_app', label: 'In the app' },
  { channel: 'email', label: 'By email' },
];

/** One row per kind of notification, with a checkbox per way it reaches me; saved on each click. */
export function NotificationSettings({ accountSectionId }: { accountSectionId: string }) {
  const settings = useSettings();
  const update = useUpdateSettings();
  // The row being saved, shown from the moment of the click.
  const [saving, setSaving] = useState<NotificationPreference | null>(null);

  if (settings.isPending) return <Loading label="Loading your settings…" />;
  if (settings.isError) return <ErrorMessage error={settings.error} />;

  const { notifications, email_verified: emailVerified } = settings.data;
  const rows = saving ? replacePreference(notifications, saving) : notifications;

  const toggle = (preference: NotificationPreference, channel: NotificationChannel, on: boolean) => {
    setSaving(withChannel(preference, channel, on));
    update.mutate({ body: preferencePatch(preference, channel, on) }, { onSettled: () => setSaving(null) });
  };

  return (
    <>
      <p className="muted">Replies to your comments, moderators' decisions about them, and new posts in the series you follow.</p>
      {!emailVerified && (
        <p className="alert alert-warning">
          Emails go only to a confirmed address, and yours is not confirmed yet: until it is, the “By email” choices
          wait. <a href={`#${accountSectionId}`}>Confirm your address under Account</a>.
        </p>
      )}
      <table className="table prefs-table">
        <caption className="visually-hidden">How each kind of notification reaches you</caption>
        <thead>
          <tr>
            <th scope="col">Notification</th>
            {CHANNELS.map(({ channel, label }) => (
              <th key={channel} scope="col" className="check-cell">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((preference) => {
            const kindLabel = NOTIFICATION_KIND_LABELS[preference.kind];
            return (
              <tr key={preference.kind}>
                <th scope="row">{kindLabel}</th>
                {CHANNELS.map(({ channel, label }) => (
                  <td key={channel} className="check-cell">
                    <input
                      type="checkbox"
                      name={`${preference.kind}.${channel}`}
                      aria-label={`${kindLabel}: ${label.toLowerCase()}`}
                      checked={preference[channel]}
                      disabled={update.isPending}
                      onChange={(e) => toggle(preference, channel, e.target.checked)}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {update.isError && <ErrorMessage error={update.error} />}
    </>
  );
}
