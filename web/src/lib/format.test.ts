import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  capitalize,
  formatDate,
  formatReadingTime,
  formatTimeAgo,
  isoToLocalInput,
  localInputToIsoUtc,
  parseTagList,
} from './format';

describe('formatDate', () => {
  it('formats in UTC with the month spelled out', () => {
    expect(formatDate('2026-03-03T10:00:00Z')).toBe('3 March 2026');
  });

  it('keeps the UTC day even late in the evening elsewhere', () => {
    expect(formatDate('2026-12-31T23:30:00-05:00')).toBe('1 January 2027');
  });

  it('returns an empty string for garbage', () => {
    expect(formatDate('not a date')).toBe('');
  });
});

describe('formatReadingTime', () => {
  it('rounds and never says zero', () => {
    expect(formatReadingTime(5)).toBe('5 min read');
    expect(formatReadingTime(0)).toBe('1 min read');
    expect(formatReadingTime(2.6)).toBe('3 min read');
  });
});

describe('datetime-local conversion', () => {
  const originalTz = process.env.TZ;
  beforeEach(() => {
    process.env.TZ = 'Europe/Paris';
  });
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('turns local wall time into UTC', () => {
    // Paris is UTC+1 in January and UTC+2 in July.
    expect(localInputToIsoUtc('2026-01-15T09:30')).toBe('2026-01-15T08:30:00.000Z');
    expect(localInputToIsoUtc('2026-07-15T09:30')).toBe('2026-07-15T07:30:00.000Z');
  });

  it('rejects empty and malformed values', () => {
    expect(localInputToIsoUtc('')).toBeNull();
    expect(localInputToIsoUtc('2026-01-15')).toBeNull();
    expect(localInputToIsoUtc('2026-13-45T99:99')).toBeNull();
    expect(localInputToIsoUtc('2026-01-15T09:30Z')).toBeNull();
  });

  it('round-trips through the input format', () => {
    expect(isoToLocalInput('2026-01-15T08:30:00Z')).toBe('2026-01-15T09:30');
    expect(localInputToIsoUtc(isoToLocalInput('2026-07-15T07:30:00Z'))).toBe('2026-07-15T07:30:00.000Z');
    expect(isoToLocalInput('nope')).toBe('');
  });
});

describe('parseTagList', () => {
  it('splits on commas, trims and drops empties', () => {
    expect(parseTagList(' python, Rust ,, async  io ,')).toEqual(['python', 'Rust', 'async io']);
  });

  it('drops case-insensitive repeats, keeping the first spelling', () => {
    expect(parseTagList('Python, python, PYTHON, sql')).toEqual(['Python', 'sql']);
  });

  it('gives an empty list for an empty field', () => {
    expect(parseTagList('   ')).toEqual([]);
  });
});

describe('capitalize', () => {
  it('uppercases the first letter only', () => {
    expect(capitalize('intermediate')).toBe('Intermediate');
    expect(capitalize('')).toBe('');
  });
});

describe('formatTimeAgo', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');

  it('counts minutes, hours and days back from now', () => {
    expect(formatTimeAgo('2026-03-10T11:59:30Z', now)).toBe('just now');
    expect(formatTimeAgo('2026-03-10T11:55:00Z', now)).toBe('5 min ago');
    expect(formatTimeAgo('2026-03-10T09:00:00Z', now)).toBe('3 h ago');
    expect(formatTimeAgo('2026-03-09T10:00:00Z', now)).toBe('yesterday');
    expect(formatTimeAgo('2026-03-07T12:00:00Z', now)).toBe('3 days ago');
  });

  it('gives the date after a week, and nothing for garbage', () => {
    expect(formatTimeAgo('2026-02-01T12:00:00Z', now)).toBe('1 February 2026');
    expect(formatTimeAgo('soon', now)).toBe('');
  });

  it('says just now for a clock slightly ahead of ours', () => {
    expect(formatTimeAgo('2026-03-10T12:00:20Z', now)).toBe('just now');
  });
});
