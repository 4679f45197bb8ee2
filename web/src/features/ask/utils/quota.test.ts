import { describe, expect, it } from 'vitest';

import { formatWait, quotaMessage, retryAt } from './quota';

const now = new Date('2026-12-02T21:40:00Z');

describe('retryAt', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAt('3600', now)?.toISOString()).toBe('2026-12-02T22:40:00.000Z');
    expect(retryAt('Thu, 03 Dec 2026 00:00:00 GMT', now)?.toISOString()).toBe('2026-12-03T00:00:00.000Z');
  });

  it('gives null without a usable header', () => {
    expect(retryAt(null, now)).toBeNull();
    expect(retryAt('', now)).toBeNull();
    expect(retryAt('soon', now)).toBeNull();
  });
});

describe('formatWait', () => {
  it('says minutes, then hours and minutes', () => {
    expect(formatWait(20_000)).toBe('in less than a minute');
    expect(formatWait(45 * 60_000)).toBe('in 45 min');
    expect(formatWait(60 * 60_000)).toBe('in 1 h');
    expect(formatWait((2 * 60 + 20) * 60_000 - 5_000)).toBe('in 2 h 20 min');
  });
});

describe('quotaMessage', () => {
  const utc = (d: Date) => d.toISOString().slice(11, 16);

  it('says when the allowance resets', () => {
    const reset = retryAt(String(2 * 3600 + 20 * 60), now);
    expect(quotaMessage(reset, now, utc)).toBe(
      "You have asked all the questions today's allowance gives you. It resets at 00:00 (in 2 h 20 min).",
    );
  });

  it('tells a short wait from the rate limit apart from the daily quota', () => {
    expect(quotaMessage(retryAt('40', now), now, utc)).toBe('Too many questions in a short time. You can ask again in less than a minute.');
  });

  it('falls back to tomorrow without a Retry-After', () => {
    expect(quotaMessage(null, now, utc)).toMatch(/resets tomorrow/);
  });
});
