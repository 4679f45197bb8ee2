import { describe, expect, it } from 'vitest';

import { insertBlock } from './insert-block';

const IMG = '![dot.png](/uploads/a.png)';

describe('insertBlock', () => {
  it('puts the block on its own line in the middle of a line', () => {
    const edit = insertBlock('Hello world', IMG, { start: 5, end: 5 });
    expect(edit.text).toBe(`Hello\n${IMG}\n world`);
    expect(edit.text.slice(edit.cursor)).toBe(' world');
  });

  it('ends the block with the line break of the line it follows', () => {
    const edit = insertBlock('a\nb', IMG, { start: 1, end: 1 });
    expect(edit.text).toBe(`a\n${IMG}\nb`);
    expect(edit.text.slice(edit.cursor)).toBe('b');
  });

  it('keeps the blank line it is dropped on', () => {
    const text = 'First\n\nSecond';
    const edit = insertBlock(text, IMG, { start: 6, end: 6 });
    expect(edit.text).toBe(`First\n${IMG}\n\nSecond`);
    expect(edit.text.slice(edit.cursor)).toBe('\nSecond');
  });

  it('starts an empty text with the block', () => {
    expect(insertBlock('', IMG, { start: 0, end: 0 })).toEqual({ text: `${IMG}\n`, cursor: IMG.length + 1 });
  });

  it('replaces the selection', () => {
    const edit = insertBlock('keep DROP keep', IMG, { start: 5, end: 9 });
    expect(edit.text).toBe(`keep \n${IMG}\n keep`);
  });

  it('goes at the end without a selection, and a second block goes beneath the first', () => {
    const first = insertBlock('Some text.', IMG);
    expect(first.text).toBe(`Some text.\n${IMG}\n`);
    const second = insertBlock(first.text, '[paper.pdf](/uploads/b.pdf)', { start: first.cursor, end: first.cursor });
    expect(second.text).toBe(`Some text.\n${IMG}\n[paper.pdf](/uploads/b.pdf)\n`);
    expect(second.cursor).toBe(second.text.length);
  });

  it('copes with a backwards or out-of-range selection', () => {
    expect(insertBlock('ab', IMG, { start: 9, end: 1 }).text).toBe(`a\n${IMG}\n`);
    expect(insertBlock('ab', IMG, { start: -3, end: 0 }).text).toBe(`${IMG}\nab`);
  });
});
