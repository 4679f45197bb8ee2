/**
 * Prices as the pricing page shows them. Amounts come in the currency's smallest unit
 * (cents), as Stripe counts them; ISO 4217 says how many of those make one unit.
 */

// en-US writes the US dollar as "$" and other dollars as "CA$", "A$"; en-GB would write "US$".
const LOCALE = 'en-US';

function currencyFormat(currency: string, wholeUnits: boolean): Intl.NumberFormat {
  // "$5" rather than "$5.00" for a round price; "$4.50" keeps its cents.
  const digits = wholeUnits ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {};
  return new Intl.NumberFormat(LOCALE, { style: 'currency', currency: currency.toUpperCase(), ...digits });
}

/** The number of minor units in one unit of a currency: 100 for usd, 1 for jpy. */
export function minorUnits(currency: string): number {
  try {
    const digits = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
    return 10 ** digits;
  } catch {
    return 100;
  }
}

/** "$5", "$4.50", "¥500", "€48" for an amount in minor units and a lower-case ISO code. */
export function formatPrice(amount: number, currency: string): string {
  const value = amount / minorUnits(currency);
  try {
    return currencyFormat(currency, Number.isInteger(value)).format(value);
  } catch {
    // Not a currency Intl knows: still show the number and the code.
    return `${value.toFixed(2)} ${currency.toUpperCase()}`;
  }
}

/** "$5 per month", "$48 per year". */
export function formatPlanPrice(plan: { amount: number; currency: string; interval: string }): string {
  return `${formatPrice(plan.amount, plan.currency)} per ${plan.interval}`;
}
