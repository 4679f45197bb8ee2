import { describe, expect, it } from 'vitest';

import { matchByName } from './match-names';

const names = ['Rust for Pythonistas', 'Python from scratch', 'SQL that scales', 'Café internals', 'Error Handling'];
const match = (q: string, limit = 10) => matchByName(names, q, (n) => n, limit);

describe('matchByName', () => {
  it('matches prefixes and inner words, whatever the case', () => {
    expect(match('pyth')).toEqual(['Python from scratch', 'Rust for Pythonistas']);
    expect(match('SCAL')).toEqual(['SQL that scales']);
    expect(match('handl')).toEqual(['Error Handling']);
  });

  it('needs every word, in any order', () => {
    expect(match('scratch py')).toEqual(['Python from scratch']);
    expect(match('python sql')).toEqual([]);
  });

  it('ignores accents', () => {
    expect(match('cafe')).toEqual(['Café internals']);
  });

  it('puts names starting with the query first, then word starts, then the rest', () => {
    expect(matchByName(['Unrusted', 'Rust basics', 'Why Rust'], 'rust', (n) => n, 10)).toEqual(['Rust basics', 'Why Rust', 'Unrusted']);
  });

  it('returns the first items for a blank query, up to the limit', () => {
    expect(match('  ', 2)).toEqual(['Rust for Pythonistas', 'Python from scratch']);
    expect(match('o', 1)).toHaveLength(1);
  });
});
