import { describe, expect, it } from 'vitest';

import { move } from './reorder';

describe('move', () => {
  const items = ['a', 'b', 'c', 'd'];

  it('moves an item up and down by one', () => {
    expect(move(items, 2, -1)).toEqual(['a', 'c', 'b', 'd']);
    expect(move(items, 0, 1)).toEqual(['b', 'a', 'c', 'd']);
  });

  it('moves several places', () => {
    expect(move(items, 3, -3)).toEqual(['d', 'a', 'b', 'c']);
  });

  it('ignores moves past either end', () => {
    expect(move(items, 0, -1)).toEqual(items);
    expect(move(items, 3, 1)).toEqual(items);
    expect(move(items, 7, -1)).toEqual(items);
  });

  it('does not change the input', () => {
    const copy = [...items];
    move(items, 1, 1);
    expect(items).toEqual(copy);
  });
});
