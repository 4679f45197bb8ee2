import { describe, expect, it } from 'vitest';

import { linkErrorMessage, parseToken } from './email-link';

describe('parseToken', () => {
  it('reads the token of an emailed link', () => {
    expect(parseToken('?token=Zm9v_YmFy-123')).toBe('Zm9v_YmFy-123');
    expect(parseToken('token=abc&utm_source=email')).toBe('abc');
    expect(parseToken(new URLSearchParams({ token: 'newsletter.YWRh.c2ln' }))).toBe('newsletter.YWRh.c2ln');
  });

  it('decodes percent-escapes and trims whitespace', () => {
    expect(parseToken('?token=a%2Eb%2Ec')).toBe('a.b.c');
    expect(parseToken('?token=%20abc%0A')).toBe('abc');
  });

  it('is null when the link has no usable token', () => {
    expect(parseToken('')).toBeNull();
    expect(parseToken('?')).toBeNull();
    expect(parseToken('?token=')).toBeNull();
    expect(parseToken('?token=%20%20')).toBeNull();
    expect(parseToken('?other=abc')).toBeNull();
  });
});

describe('linkErrorMessage', () => {
  const validation = (field: string, message: string) => ({
    type: 'https://lectern.dev/problems/validation',
    title: 'Your request has invalid fields',
    status: 422,
    detail: '1 field(s) are invalid',
    errors: [{ field, message }],
  });

  it('turns the token field error into a sentence about the link', () => {
    expect(linkErrorMessage(validation('token', 'is invalid, expired or already used'))).toBe(
      'This link is invalid, expired or already used.',
    );
    expect(linkErrorMessage(validation('token', 'is not a valid unsubscribe link.'))).toBe(
      'This link is not a valid unsubscribe link.',
    );
  });

  it('falls back to the problem detail or a generic message', () => {
    expect(linkErrorMessage(validation('password', 'is too short'))).toBe('1 field(s) are invalid');
    expect(linkErrorMessage({ type: 'about:blank', title: 'Too Many Requests', status: 429 })).toMatch(/too many attempts/i);
    expect(linkErrorMessage(new TypeError('Failed to fetch'))).toMatch(/could not reach/i);
  });
});
