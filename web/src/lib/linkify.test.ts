import { describe, expect, it } from 'vitest';

import { linkify } from './linkify';

const joined = (text: string) =>
  linkify(text)
    .map((s) => s.text)
    .join('');

describe('linkify', () => {
  it('turns the link of a verification email into a link segment', () => {
    const body =
      'Hello Ada,\n\nconfirm your email address for Lectern by opening this link (valid for 24 hours):\n\n' +
      'http://localhost:8080/verify-email?token=Zm9v_YmFy-123\n\nIf you did not create an account, ignore this email.\n';
    const segments = linkify(body);
    expect(segments).toHaveLength(3);
    expect(segments[1]).toEqual({
      type: 'link',
      text: 'http://localhost:8080/verify-email?token=Zm9v_YmFy-123',
      href: 'http://localhost:8080/verify-email?token=Zm9v_YmFy-123',
    });
    expect(segments[0]).toMatchObject({ type: 'text' });
    expect(segments[2]).toEqual({ type: 'text', text: '\n\nIf you did not create an account, ignore this email.\n' });
    expect(joined(body)).toBe(body);
  });

  it('leaves text without links as one segment, and empty text as none', () => {
    expect(linkify('no links here')).toEqual([{ type: 'text', text: 'no links here' }]);
    expect(linkify('')).toEqual([]);
  });

  it('finds several links, including one at the very start and end', () => {
    const segments = linkify('https://a.example/x and https://b.example/y');
    expect(segments).toEqual([
      { type: 'link', text: 'https://a.example/x', href: 'https://a.example/x' },
      { type: 'text', text: ' and ' },
      { type: 'link', text: 'https://b.example/y', href: 'https://b.example/y' },
    ]);
  });

  it('keeps sentence punctuation and unmatched brackets out of the link', () => {
    expect(linkify('Unsubscribe: https://x.dev/unsubscribe?token=a.b.c.')).toEqual([
      { type: 'text', text: 'Unsubscribe: ' },
      { type: 'link', text: 'https://x.dev/unsubscribe?token=a.b.c', href: 'https://x.dev/unsubscribe?token=a.b.c' },
      { type: 'text', text: '.' },
    ]);
    expect(linkify('(see https://x.dev/a)')[1]).toMatchObject({ href: 'https://x.dev/a' });
    expect(linkify('https://en.wikipedia.org/wiki/Rust_(language), ok')[0]).toMatchObject({
      href: 'https://en.wikipedia.org/wiki/Rust_(language)',
    });
  });

  it('stops at angle brackets and quotes', () => {
    expect(linkify('List-Unsubscribe: <https://x.dev/u?token=t>')[1]).toMatchObject({ href: 'https://x.dev/u?token=t' });
    expect(linkify('href="https://x.dev/p"')[1]).toMatchObject({ href: 'https://x.dev/p' });
  });

  it('links only http and https addresses', () => {
    for (const text of ['javascript:alert(1)', 'ftp://x.dev/file', 'mailto:ada@example.com', 'data:text/html,hi']) {
      expect(linkify(text)).toEqual([{ type: 'text', text }]);
    }
    expect(linkify('xhttps://x.dev')).toEqual([{ type: 'text', text: 'xhttps://x.dev' }]);
    expect(linkify('https://')).toEqual([{ type: 'text', text: 'https://' }]);
  });
});
