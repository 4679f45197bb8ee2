import type { components } from '@/api/schema';

export type NotificationKind = components['schemas']['NotificationKind'];
export type NotificationPreference = components['schemas']['NotificationPreference'];
export type SettingsPatch = components['schemas']['SettingsPatch'];

/** The ways a notification reaches a reader. */
export type NotificationChannel = 'in_app' | 'email';

/** What each kind is about, as the settings table names it. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  reply: 'Replies to my comments',
  series_post: 'New posts in series I follow',
  moderation: 'Moderation of my comments',
};

/** The preference with one channel switched on or off. */
export function withChannel(preference: NotificationPreference, channel: NotificationChannel, on: boolean): NotificationPreference {
  return { kind: preference.kind, in_app: preference.in_app, email: preference.email, [channel]: on };
}

/**
 * The PATCH for one kind: just that kind, with both channels (the other one as it is), so
 * the other kinds keep their setting.
 */
export function preferencePatch(preference: NotificationPreference, channel: NotificationChannel, on: boolean): SettingsPatch {
  return { notifications: [withChannel(preference, channel, on)] };
}

/** The preferences with one kind replaced, in the same order (to show a change being saved). */
export function replacePreference(preferences: readonly NotificationPreference[], changed: NotificationPreference): NotificationPreference[] {
  return preferences.map((p) => (p.kind === changed.kind ? changed : p));
}
