import { describe, expect, it } from 'vitest';

import {
  matchingPreset,
  parseIsoDay,
  presetRange,
  rangeFromParams,
  referrerLabel,
  seriesSummary,
  toColumns,
} from './analytics';

const now = new Date('2026-03-10T23:30:00Z');

describe('presetRange', () => {
  it('counts today as the last day', () => {
    expect(presetRange(7, now)).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(presetRange(30, now)).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(presetRange(90, now)).toEqual({ from: '2025-12-11', to: '2026-03-10' });
  });

  it('uses the UTC date, not the local one', () => {
    expect(presetRange(1, new Date('2026-01-01T00:15:00Z'))).toEqual({ from: '2026-01-01', to: '2026-01-01' });
  });

  it('recognises a preset range', () => {
    expect(matchingPreset({ from: '2026-03-04', to: '2026-03-10' }, now)).toBe(7);
    expect(matchingPreset({ from: '2026-03-05', to: '2026-03-10' }, now)).toBeNull();
  });
});

describe('rangeFromParams', () => {
  it('defaults to the last 30 days', () => {
    expect(rangeFromParams(new URLSearchParams(), now)).toEqual(presetRange(30, now));
  });

  it('counts a missing from back from to', () => {
    expect(rangeFromParams(new URLSearchParams('to=2026-01-30'), now)).toEqual({ from: '2026-01-01', to: '2026-01-30' });
  });

  it('passes values through untouched, even invalid ones', () => {
    expect(rangeFromParams(new URLSearchParams('from=2026-03-09&to=2026-03-01'), now)).toEqual({
      from: '2026-03-09',
      to: '2026-03-01',
    });
    expect(rangeFromParams(new URLSearchParams('from=nope&to=2026-03-01'), now).from).toBe('nope');
  });
});

describe('parseIsoDay', () => {
  it('rejects impossible days', () => {
    expect(parseIsoDay('2026-02-30')).toBeNull();
    expect(parseIsoDay('2026-2-3')).toBeNull();
    expect(parseIsoDay('2026-02-03')).toBe(Date.UTC(2026, 1, 3));
  });
});

describe('toColumns', () => {
  it('turns per-day rows into uPlot columns with Unix seconds', () => {
    const rows = [
      { day: '2026-03-01', views: 5, visitors: 2 },
      { day: '2026-03-02', views: 0, visitors: 0 },
    ];
    expect(toColumns(rows, ['views', 'visitors'])).toEqual([
      [Date.UTC(2026, 2, 1) / 1000, Date.UTC(2026, 2, 2) / 1000],
      [5, 0],
      [2, 0],
    ]);
  });

  it('handles sign-up counts and no rows', () => {
    expect(toColumns([{ day: '2026-03-01', count: 3 }], ['count'])).toEqual([[Date.UTC(2026, 2, 1) / 1000], [3]]);
    expect(toColumns([] as { day: string; views: number }[], ['views'])).toEqual([[], []]);
  });
});

describe('referrerLabel', () => {
  it('names direct views', () => {
    expect(referrerLabel(null)).toBe('Direct / unknown');
    expect(referrerLabel(undefined)).toBe('Direct / unknown');
    expect(referrerLabel('')).toBe('Direct / unknown');
    expect(referrerLabel('news.ycombinator.com')).toBe('news.ycombinator.com');
  });
});

describe('seriesSummary', () => {
  it('totals a series and finds the busiest day', () => {
    const rows = [
      { day: '2026-03-01', views: 1 },
      { day: '2026-03-02', views: 4 },
      { day: '2026-03-03', views: 4 },
    ];
    expect(seriesSummary(rows, 'views')).toEqual({ total: 9, peak: rows[1] });
    expect(seriesSummary([{ day: '2026-03-01', views: 0 }], 'views')).toEqual({ total: 0, peak: null });
  });
});
