import { describe, expect, it } from 'vitest';

import type { components } from '@/api/schema';

import { describeDiff, diffRows, diffStats, numberLines } from './revision-diff';

type DiffLine = components['schemas']['DiffLine'];

const same = (text: string): DiffLine => ({ change: 'same', text });
const added = (text: string): DiffLine => ({ change: 'added', text });
const removed = (text: string): DiffLine => ({ change: 'removed', text });

/** Twenty unchanged lines, one changed in the middle, twenty unchanged. */
const long: DiffLine[] = [
  ...Array.from({ length: 20 }, (_, i) => same(`before ${i + 1}`)),
  removed('old line'),
  added('new line'),
  ...Array.from({ length: 20 }, (_, i) => same(`after ${i + 1}`)),
];

describe('numberLines', () => {
  it('numbers removed lines in the revision only, added lines in the current text only', () => {
    const lines = numberLines([same('# Title'), removed('old'), added('new'), added('more'), same('end')]);
    expect(lines.map((l) => [l.change, l.before, l.after])).toEqual([
      ['same', 1, 1],
      ['removed', 2, null],
      ['added', null, 2],
      ['added', null, 3],
      ['same', 3, 4],
    ]);
  });
});

describe('diffRows', () => {
  it('shows each change with three unchanged lines around it and folds the rest', () => {
    const rows = diffRows(long);
    expect(rows.map((r) => (r.kind === 'gap' ? `gap of ${r.lines.length}` : r.line.text))).toEqual([
      'gap of 17',
      'before 18',
      'before 19',
      'before 20',
      'old line',
      'new line',
      'after 1',
      'after 2',
      'after 3',
      'gap of 17',
    ]);
    const firstGap = rows[0];
    expect(firstGap?.kind === 'gap' && firstGap.lines[0]).toMatchObject({ text: 'before 1', before: 1, after: 1 });
  });

  it('joins the context of changes close together', () => {
    const diff = [added('a'), ...Array.from({ length: 6 }, (_, i) => same(`s${i}`)), added('b')];
    expect(diffRows(diff).every((r) => r.kind === 'line')).toBe(true);
  });

  it('shows a lone unchanged line rather than folding it', () => {
    const diff = [added('a'), ...Array.from({ length: 7 }, (_, i) => same(`s${i}`)), added('b')];
    const rows = diffRows(diff);
    expect(rows).toHaveLength(9);
    expect(rows.every((r) => r.kind === 'line')).toBe(true);
    const wider = [added('a'), ...Array.from({ length: 8 }, (_, i) => same(`s${i}`)), added('b')];
    expect(diffRows(wider).filter((r) => r.kind === 'gap').map((r) => r.kind === 'gap' && r.lines.map((l) => l.text))).toEqual([['s3', 's4']]);
  });

  it('folds everything when nothing changed', () => {
    const rows = diffRows([same('a'), same('b'), same('c')]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.kind).toBe('gap');
  });

  it('honours another amount of context', () => {
    const rows = diffRows(long, 1);
    expect(rows.filter((r) => r.kind === 'line').map((r) => r.kind === 'line' && r.line.text)).toEqual([
      'before 20',
      'old line',
      'new line',
      'after 1',
    ]);
  });
});

describe('diffStats and describeDiff', () => {
  it('count the lines added and removed', () => {
    expect(diffStats(long)).toEqual({ added: 1, removed: 1 });
    expect(describeDiff(long)).toBe('1 line added, 1 removed');
    expect(describeDiff([added('a'), added('b'), same('c')])).toBe('2 lines added');
    expect(describeDiff([removed('a'), removed('b'), added('c'), added('d'), added('e')])).toBe('3 lines added, 2 removed');
    expect(describeDiff([removed('a')])).toBe('1 line removed');
  });

  it('say nothing when no line differs', () => {
    expect(describeDiff([same('a')])).toBeNull();
    expect(describeDiff([])).toBeNull();
  });
});
