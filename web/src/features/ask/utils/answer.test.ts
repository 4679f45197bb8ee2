import { describe, expect, it } from 'vitest';

import { parseAnswer, parseInline, splitCitations } from './answer';

const upTo = (max: number) => (n: number) => n >= 1 && n <= max;

describe('splitCitations', () => {
  it('turns [n] of a known source into a chip between text runs', () => {
    expect(splitCitations('Generators are lazy [1]. They save memory [2].', upTo(3))).toEqual([
      { kind: 'text', text: 'Generators are lazy ' },
      { kind: 'cite', n: 1 },
      { kind: 'text', text: '. They save memory ' },
      { kind: 'cite', n: 2 },
      { kind: 'text', text: '.' },
    ]);
  });

  it('splits grouped and adjacent citations into one chip each', () => {
    expect(splitCitations('Both [1, 3] and [2][3]', upTo(3))).toEqual([
      { kind: 'text', text: 'Both ' },
      { kind: 'cite', n: 1 },
      { kind: 'cite', n: 3 },
      { kind: 'text', text: ' and ' },
      { kind: 'cite', n: 2 },
      { kind: 'cite', n: 3 },
    ]);
  });

  it('handles a citation at the very start and multi-digit numbers', () => {
    expect(splitCitations('[12] says so', upTo(12))).toEqual([
      { kind: 'cite', n: 12 },
      { kind: 'text', text: ' says so' },
    ]);
  });

  it('leaves unknown numbers, zero, and other brackets as text', () => {
    const text = 'See [7], items[0], [1, 9], [note] and [ 1 ]';
    expect(splitCitations(text, upTo(5))).toEqual([{ kind: 'text', text }]);
  });

  it('keeps a citation still arriving as text until its bracket closes', () => {
    expect(splitCitations('It is lazy [', upTo(3))).toEqual([{ kind: 'text', text: 'It is lazy [' }]);
    expect(splitCitations('It is lazy [1', upTo(3))).toEqual([{ kind: 'text', text: 'It is lazy [1' }]);
    expect(splitCitations('It is lazy [1]', upTo(3))).toEqual([
      { kind: 'text', text: 'It is lazy ' },
      { kind: 'cite', n: 1 },
    ]);
  });

  it('returns nothing for an empty answer', () => {
    expect(splitCitations('', upTo(3))).toEqual([]);
  });
});

describe('parseInline', () => {
  it('never makes a chip inside inline code', () => {
    expect(parseInline('Use `xs[1]` here [1]', upTo(2))).toEqual([
      { kind: 'text', text: 'Use ' },
      { kind: 'code', text: 'xs[1]' },
      { kind: 'text', text: ' here ' },
      { kind: 'cite', n: 1 },
    ]);
  });

  it('keeps bold text, with citations inside it', () => {
    expect(parseInline('**Lazy [2]** wins', upTo(2))).toEqual([
      {
        kind: 'strong',
        children: [
          { kind: 'text', text: 'Lazy ' },
          { kind: 'cite', n: 2 },
        ],
      },
      { kind: 'text', text: ' wins' },
    ]);
  });
});

describe('parseAnswer', () => {
  it('splits paragraphs, lists and fenced code', () => {
    const answer = ['First line', 'same paragraph [1].', '', '- one [2]', '- two', '', '```python', 'xs[1] = 2', '```', '1. step'].join(
      '\n',
    );
    expect(parseAnswer(answer, upTo(2))).toEqual([
      {
        kind: 'paragraph',
        children: [
          { kind: 'text', text: 'First line same paragraph ' },
          { kind: 'cite', n: 1 },
          { kind: 'text', text: '.' },
        ],
      },
      {
        kind: 'list',
        ordered: false,
        items: [
          [
            { kind: 'text', text: 'one ' },
            { kind: 'cite', n: 2 },
          ],
          [{ kind: 'text', text: 'two' }],
        ],
      },
      { kind: 'code', text: 'xs[1] = 2' },
      { kind: 'list', ordered: true, items: [[{ kind: 'text', text: 'step' }]] },
    ]);
  });

  it('renders an unterminated code fence (a stream still arriving) as code', () => {
    expect(parseAnswer('Look:\n```\nx = 1', upTo(1))).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'Look:' }] },
      { kind: 'code', text: 'x = 1' },
    ]);
  });
});
