import { describe, expect, it } from 'vitest';

import { formatPlanPrice, formatPrice, minorUnits } from './price';

describe('minorUnits', () => {
  it('follows ISO 4217', () => {
    expect(minorUnits('usd')).toBe(100);
    expect(minorUnits('eur')).toBe(100);
    expect(minorUnits('jpy')).toBe(1);
  });

  it('assumes cents for an unknown code', () => {
    expect(minorUnits('not-a-currency')).toBe(100);
  });
});

describe('formatPrice', () => {
  it('converts cents to a price with the currency symbol', () => {
    expect(formatPrice(500, 'usd')).toBe('$5');
    expect(formatPrice(450, 'usd')).toBe('$4.50');
    expect(formatPrice(4800, 'eur')).toBe('€48');
    expect(formatPrice(999, 'gbp')).toBe('£9.99');
  });

  it('keeps other dollars apart from the US dollar', () => {
    expect(formatPrice(500, 'cad')).toBe('CA$5');
  });

  it('does not divide zero-decimal currencies', () => {
    expect(formatPrice(500, 'jpy')).toBe('¥500');
  });

  it('groups thousands', () => {
    expect(formatPrice(123456, 'usd')).toBe('$1,234.56');
  });

  it('shows the code when Intl does not know the currency', () => {
    expect(formatPrice(500, 'not-a-currency')).toBe('5.00 NOT-A-CURRENCY');
  });
});

describe('formatPlanPrice', () => {
  it('says the interval', () => {
    expect(formatPlanPrice({ amount: 500, currency: 'usd', interval: 'month' })).toBe('$5 per month');
    expect(formatPlanPrice({ amount: 4800, currency: 'usd', interval: 'year' })).toBe('$48 per year');
  });
});
