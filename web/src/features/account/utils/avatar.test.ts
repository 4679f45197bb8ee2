import { describe, expect, it } from 'vitest';

import { initials } from './avatar';

describe('initials', () => {
  it('takes the first letters of the first and last words', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('grace brewster murray hopper')).toBe('GH');
  });

  it('takes one letter of a single word', () => {
    expect(initials('ada')).toBe('A');
  });

  it('skips punctuation and keeps letters of any script', () => {
    expect(initials('  (Émile)  Zola  ')).toBe('ÉZ');
    expect(initials('— Ω')).toBe('Ω');
  });

  it('shows a question mark when the name has no letters', () => {
    expect(initials('')).toBe('?');
    expect(initials(' -- ')).toBe('?');
  });
});
