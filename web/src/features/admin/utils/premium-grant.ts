import type { components } from '@/api/schema';
import { formatDate } from '@/lib/format';

type UserPremium = components['schemas']['UserPremium'];

/**
 * The value of an `<input type="date">` as the grant's end: the last second of that day in
 * UTC, the zone every date on the site is shown in, so "until 31 December" includes the
 * 31st. Null when it is empty or not a real day.
 */
export function grantEndIso(date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const end = new Date(`${date}T23:59:59Z`);
  // Date rolls 30 February over into March; a real day reads back unchanged.
  if (Number.isNaN(end.getTime()) || end.toISOString().slice(0, 10) !== date) return null;
  return end.toISOString().replace('.000Z', 'Z');
}

/** What a grant change left the user with, in a sentence. */
export function describeGrant(result: UserPremium): string {
  const access =
    result.premium && result.premium_until
      ? `has premium until ${formatDate(result.premium_until)}`
      : result.premium
        ? 'has premium'
        : 'has no premium access';
  const grant = result.granted_until ? `The grant runs until ${formatDate(result.granted_until)}.` : 'There is no grant.';
  return `User ${result.user_id} ${access}. ${grant}`;
}
