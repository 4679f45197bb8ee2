import type { components } from '@/api/schema';
import { formatDate } from '@/lib/format';

type Subscription = components['schemas']['SubscriptionResponse'];

/** Stripe statuses of a subscription that still runs; the API refuses a second Checkout then. */
const LIVE: ReadonlySet<string> = new Set(['active', 'trialing', 'past_due']);

export interface SubscriptionSummary {
  /** `warning` when a payment failed or is still owed. */
  tone: 'premium' | 'free' | 'warning';
  /** What the reader has, in a sentence or two. */
  text: string;
  /** Nothing runs and nothing opens premium posts: point at the plans. */
  offerPlans: boolean;
}

/** "Premium until 3 March 2026." from the account alone (an admin's grant, or no Stripe here). */
export function describeAccess(premium: boolean, premiumUntil: string | null | undefined): string {
  if (!premium) return 'You are on the free plan.';
  const until = premiumUntil ? formatDate(premiumUntil) : '';
  return until ? `Premium until ${until}.` : 'Premium.';
}

/** The premium a reader keeps once no subscription runs (an admin's grant), or the free plan. */
function afterSubscription(sub: Subscription): string {
  if (!sub.premium) return 'You are on the free plan.';
  const until = sub.premium_until ? formatDate(sub.premium_until) : '';
  return until ? `Premium access continues until ${until}.` : 'Premium access continues.';
}

/** The settings page's sentence for a subscription as GET /billing/subscription tells it. */
export function describeSubscription(sub: Subscription): SubscriptionSummary {
  const offerPlans = !LIVE.has(sub.status) && !sub.premium;

  switch (sub.status) {
    case 'active':
    case 'trialing': {
      const parts = ['Premium'];
      if (sub.plan) parts.push(`${sub.plan} plan`);
      const end = sub.current_period_end ? formatDate(sub.current_period_end) : '';
      if (end) parts.push(`${sub.cancel_at_period_end ? 'ends' : 'renews'} on ${end}`);
      return { tone: 'premium', text: `${parts.join(', ')}.`, offerPlans };
    }
    case 'past_due': {
      // Stripe retries the payment for a while; premium_until already counts that grace.
      const until = sub.premium_until ? formatDate(sub.premium_until) : '';
      const access = until
        ? `Premium access continues until ${until} while the payment is retried.`
        : 'Premium access continues while the payment is retried.';
      return {
        tone: 'warning',
        text: `Your last payment failed. ${access} Update your payment details in the billing portal to keep it.`,
        offerPlans,
      };
    }
    case 'none':
      return { tone: sub.premium ? 'premium' : 'free', text: describeAccess(sub.premium, sub.premium_until), offerPlans };
    case 'canceled':
    case 'incomplete_expired':
      return { tone: sub.premium ? 'premium' : 'free', text: `Your subscription has ended. ${afterSubscription(sub)}`, offerPlans };
    case 'incomplete':
    case 'unpaid':
      return {
        tone: 'warning',
        text: `Your subscription is waiting for a payment. ${afterSubscription(sub)}`,
        offerPlans,
      };
    default:
      return {
        tone: sub.premium ? 'premium' : 'free',
        text: `Your subscription is ${sub.status.replace(/_/g, ' ')}. ${afterSubscription(sub)}`,
        offerPlans,
      };
  }
}
