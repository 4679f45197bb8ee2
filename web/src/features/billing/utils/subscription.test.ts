import { describe, expect, it } from 'vitest';

import type { components } from '@/api/schema';

import { describeAccess, describeSubscription } from './subscription';

type Subscription = components['schemas']['SubscriptionResponse'];

const FREE: Subscription = {
  status: 'none',
  plan: null,
  current_period_end: null,
  cancel_at_period_end: false,
  premium: false,
  premium_until: null,
  portal_available: false,
};

const ACTIVE: Subscription = {
  status: 'active',
  plan: 'monthly',
  current_period_end: '2026-03-03T10:00:00Z',
  cancel_at_period_end: false,
  premium: true,
  premium_until: '2026-03-06T10:00:00Z',
  portal_available: true,
};

describe('describeSubscription', () => {
  it('puts a reader without a subscription on the free plan and offers the plans', () => {
    expect(describeSubscription(FREE)).toEqual({ tone: 'free', text: 'You are on the free plan.', offerPlans: true });
  });

  it('tells when an active subscription renews', () => {
    expect(describeSubscription(ACTIVE)).toEqual({
      tone: 'premium',
      text: 'Premium, monthly plan, renews on 3 March 2026.',
      offerPlans: false,
    });
  });

  it('tells when a subscription set to cancel ends', () => {
    const sub = { ...ACTIVE, plan: 'yearly' as const, cancel_at_period_end: true, current_period_end: '2027-01-15T00:00:00Z' };
    expect(describeSubscription(sub).text).toBe('Premium, yearly plan, ends on 15 January 2027.');
  });

  it('treats a trial like an active subscription', () => {
    expect(describeSubscription({ ...ACTIVE, status: 'trialing' }).text).toBe('Premium, monthly plan, renews on 3 March 2026.');
  });

  it('leaves out what it does not know', () => {
    expect(describeSubscription({ ...ACTIVE, plan: null }).text).toBe('Premium, renews on 3 March 2026.');
    expect(describeSubscription({ ...ACTIVE, current_period_end: null }).text).toBe('Premium, monthly plan.');
  });

  it('warns about a failed payment and says how long access lasts', () => {
    const summary = describeSubscription({ ...ACTIVE, status: 'past_due', premium_until: '2026-03-10T08:00:00Z' });
    expect(summary.tone).toBe('warning');
    expect(summary.offerPlans).toBe(false);
    expect(summary.text).toBe(
      'Your last payment failed. Premium access continues until 10 March 2026 while the payment is retried. Update your payment details in the billing portal to keep it.',
    );
  });

  it('does not offer the plans to a grant, but says until when it lasts', () => {
    const granted = { ...FREE, premium: true, premium_until: '2026-12-31T23:59:59Z' };
    expect(describeSubscription(granted)).toEqual({ tone: 'premium', text: 'Premium until 31 December 2026.', offerPlans: false });
  });

  it('says an ended subscription has ended and offers the plans again', () => {
    const canceled = { ...ACTIVE, status: 'canceled', premium: false, premium_until: null };
    expect(describeSubscription(canceled)).toEqual({
      tone: 'free',
      text: 'Your subscription has ended. You are on the free plan.',
      offerPlans: true,
    });
  });

  it('keeps a grant that outlives an ended subscription', () => {
    const canceled = { ...ACTIVE, status: 'canceled', premium: true, premium_until: '2026-06-01T00:00:00Z' };
    expect(describeSubscription(canceled).text).toBe('Your subscription has ended. Premium access continues until 1 June 2026.');
  });

  it('warns when a payment is still owed', () => {
    const unpaid = describeSubscription({ ...ACTIVE, status: 'unpaid', premium: false, premium_until: null });
    expect(unpaid.tone).toBe('warning');
    expect(unpaid.text).toBe('Your subscription is waiting for a payment. You are on the free plan.');
    expect(unpaid.offerPlans).toBe(true);
  });

  it('names statuses it has no sentence for', () => {
    expect(describeSubscription({ ...ACTIVE, status: 'paused', premium: false }).text).toBe(
      'Your subscription is paused. You are on the free plan.',
    );
  });
});

describe('describeAccess', () => {
  it('reads premium from the account alone', () => {
    expect(describeAccess(false, null)).toBe('You are on the free plan.');
    expect(describeAccess(true, '2026-12-31T23:59:59Z')).toBe('Premium until 31 December 2026.');
    expect(describeAccess(true, null)).toBe('Premium.');
  });

  it('does not claim premium from an expired date alone', () => {
    expect(describeAccess(false, '2020-01-01T00:00:00Z')).toBe('You are on the free plan.');
  });
});
