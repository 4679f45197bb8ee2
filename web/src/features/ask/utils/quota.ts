/**
 * When a 429 says asking may resume: `Retry-After` is either a number of seconds or an
 * HTTP date (RFC 9110 §10.2.3). Null when the header is missing or unreadable.
 */
export function retryAt(header: string | null | undefined, now: Date): Date | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return new Date(now.getTime() + Number(value) * 1000);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "in 45 min", "in 3 h 20 min", "in less than a minute". */
export function formatWait(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (minutes <= 1) return ms <= 60_000 ? 'in less than a minute' : 'in 1 min';
  if (minutes < 60) return `in ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `in ${h} h` : `in ${h} h ${m} min`;
}

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/**
 * A 429 with a wait this short comes from the per-minute rate limit; the daily quota
 * resets at the next UTC midnight, which is further away except in the last minutes of
 * the day, when the difference no longer matters to the reader.
 */
const RATE_LIMIT_MAX_MS = 5 * 60_000;

/** The sentence shown for a 429 from Ask AI: the daily quota is spent, or asking too fast. */
export function quotaMessage(resetAt: Date | null, now: Date, formatTime: (d: Date) => string = (d) => clock.format(d)): string {
  const spent = "You have asked all the questions today's allowance gives you.";
  if (!resetAt) return `${spent} It resets tomorrow.`;
  const wait = resetAt.getTime() - now.getTime();
  if (wait <= 0) return 'You can ask again now.';
  if (wait <= RATE_LIMIT_MAX_MS) return `Too many questions in a short time. You can ask again ${formatWait(wait)}.`;
  return `${spent} It resets at ${formatTime(resetAt)} (${formatWait(wait)}).`;
}
