import { describe, expect, it } from 'vitest';

import { describeGrant, grantEndIso } from './premium-grant';

describe('grantEndIso', () => {
  it('ends the grant at the last second of the chosen day, in UTC', () => {
    expect(grantEndIso('2026-12-31')).toBe('2026-12-31T23:59:59Z');
    expect(grantEndIso('2028-02-29')).toBe('2028-02-29T23:59:59Z');
  });

  it('refuses empty input and days that do not exist', () => {
    expect(grantEndIso('')).toBeNull();
    expect(grantEndIso('2026-02-30')).toBeNull();
    expect(grantEndIso('2026-13-01')).toBeNull();
    expect(grantEndIso('31/12/2026')).toBeNull();
    expect(grantEndIso('2026-12-31T10:00')).toBeNull();
  });
});

describe('describeGrant', () => {
  const id = '0b6f3a52-3c1e-4b8e-9f6a-2d1c0e5b7a90';

  it('tells the access and the grant', () => {
    expect(
      describeGrant({ user_id: id, premium: true, premium_until: '2026-12-31T23:59:59Z', granted_until: '2026-12-31T23:59:59Z' }),
    ).toBe(`User ${id} has premium until 31 December 2026. The grant runs until 31 December 2026.`);
  });

  it('says when a subscription keeps premium after the grant ended', () => {
    expect(describeGrant({ user_id: id, premium: true, premium_until: '2027-01-15T00:00:00Z', granted_until: null })).toBe(
      `User ${id} has premium until 15 January 2027. There is no grant.`,
    );
  });

  it('says when the user has no premium left', () => {
    expect(describeGrant({ user_id: id, premium: false, premium_until: null, granted_until: null })).toBe(
      `User ${id} has no premium access. There is no grant.`,
    );
  });
});
