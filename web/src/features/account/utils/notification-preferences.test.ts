import { describe, expect, it } from 'vitest';

import {
  NOTIFICATION_KIND_LABELS,
  preferencePatch,
  replacePreference,
  withChannel,
  type NotificationPreference,
} from './notification-preferences';

const all: NotificationPreference[] = [
  { kind: 'reply', in_app: true, email: true },
  { kind: 'series_post', in_app: true, email: false },
  { kind: 'moderation', in_app: false, email: true },
];

describe('preferencePatch', () => {
  it('names only the kind that changed, with the other channel as it was', () => {
    expect(preferencePatch(all[0]!, 'in_app', false)).toEqual({ notifications: [{ kind: 'reply', in_app: false, email: true }] });
    expect(preferencePatch(all[1]!, 'email', true)).toEqual({ notifications: [{ kind: 'series_post', in_app: true, email: true }] });
    expect(preferencePatch(all[2]!, 'in_app', true)).toEqual({ notifications: [{ kind: 'moderation', in_app: true, email: true }] });
  });

  it('sends nothing but the notifications, and no extra fields a strict server would refuse', () => {
    const withExtra = { ...all[0]!, label: 'ignored' } as NotificationPreference;
    const patch = preferencePatch(withExtra, 'email', false);
    expect(Object.keys(patch)).toEqual(['notifications']);
    expect(Object.keys(patch.notifications![0]!).sort()).toEqual(['email', 'in_app', 'kind']);
  });

  it('leaves the preference it was given untouched', () => {
    const before = { ...all[0]! };
    preferencePatch(all[0]!, 'email', false);
    expect(all[0]).toEqual(before);
  });
});

describe('withChannel', () => {
  it('switches one channel and keeps the other', () => {
    expect(withChannel({ kind: 'reply', in_app: false, email: false }, 'email', true)).toEqual({ kind: 'reply', in_app: false, email: true });
    expect(withChannel({ kind: 'reply', in_app: true, email: true }, 'in_app', true)).toEqual({ kind: 'reply', in_app: true, email: true });
  });
});

describe('replacePreference', () => {
  it('replaces the row of that kind and keeps the order', () => {
    const changed = { kind: 'series_post', in_app: false, email: false } as const;
    const next = replacePreference(all, changed);
    expect(next.map((p) => p.kind)).toEqual(['reply', 'series_post', 'moderation']);
    expect(next[1]).toEqual(changed);
    expect(next[0]).toBe(all[0]);
    expect(next[2]).toBe(all[2]);
  });
});

describe('NOTIFICATION_KIND_LABELS', () => {
  it('names every kind', () => {
    expect(all.map((p) => NOTIFICATION_KIND_LABELS[p.kind])).toEqual([
      'Replies to my comments',
      'New posts in series I follow',
      'Moderation of my comments',
    ]);
  });
});
