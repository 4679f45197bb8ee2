import { describe, expect, it } from 'vitest';

import { headerEntries, humanize } from './mailbox';

describe('headerEntries', () => {
  it('lists the headers of a digest email in order', () => {
    const headers = {
      'List-Unsubscribe': '<http://localhost:8080/api/v1/newsletter/unsubscribe?token=digest.YWRh.c2ln>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
    expect(headerEntries(headers)).toEqual([
      ['List-Unsubscribe', '<http://localhost:8080/api/v1/newsletter/unsubscribe?token=digest.YWRh.c2ln>'],
      ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ]);
  });

  it('has no entries for emails without extra headers', () => {
    expect(headerEntries({})).toEqual([]);
    expect(headerEntries(null)).toEqual([]);
    expect(headerEntries(undefined)).toEqual([]);
    expect(headerEntries('X-Thing: 1')).toEqual([]);
  });

  it('reads name/value pairs and shows other values as JSON', () => {
    expect(headerEntries([['X-Id', 'abc'], ['broken'], [1, 'x'], ['X-Count', 3]])).toEqual([
      ['X-Id', 'abc'],
      ['X-Count', '3'],
    ]);
    expect(headerEntries({ 'X-Tags': ['a', 'b'], 'X-None': null })).toEqual([
      ['X-Tags', '["a","b"]'],
      ['X-None', 'null'],
    ]);
  });
});

describe('humanize', () => {
  it('spells out codes', () => {
    expect(humanize('verify_email')).toBe('verify email');
    expect(humanize('daily_digest')).toBe('daily digest');
    expect(humanize('sent')).toBe('sent');
  });
});
