/** The pure parts of Admin → Analytics: date ranges, chart columns, labels. */

/** The quick ranges offered next to the date inputs, in days (today included). */
export const RANGE_PRESETS = [7, 30, 90] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** The API's default range when the query names no days: the last 30 (today included). */
export const DEFAULT_DAYS: RangePreset = 30;

export interface DateRange {
  /** `YYYY-MM-DD`, UTC. */
  from: string;
  /** `YYYY-MM-DD`, UTC, included. */
  to: string;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` of a moment, in UTC (the API counts days in UTC). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Milliseconds at UTC midnight of a `YYYY-MM-DD` day, or null for anything else. */
export function parseIsoDay(day: string): number | null {
  if (!ISO_DAY.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) || isoDay(new Date(ms)) !== day ? null : ms;
}

/** The last `days` days up to and including today's UTC date. */
export function presetRange(days: number, now: Date = new Date()): DateRange {
  const to = isoDay(now);
  const toMs = Date.parse(`${to}T00:00:00Z`);
  return { from: isoDay(new Date(toMs - (days - 1) * DAY_MS)), to };
}

/** Which preset a range is, if it ends today and spans exactly a preset's days. */
export function matchingPreset(range: DateRange, now: Date = new Date()): RangePreset | null {
  return RANGE_PRESETS.find((days) => {
    const preset = presetRange(days, now);
    return preset.from === range.from && preset.to === range.to;
  }) ?? null;
}

/**
 * The range the page shows, from the URL's `from`/`to`. A missing `to` is today; a missing
 * `from` is 29 days before `to`, as the API does. Present values are passed on untouched, so
 * a bad one reaches the API and its 422 names the field.
 */
export function rangeFromParams(params: URLSearchParams, now: Date = new Date()): DateRange {
  const to = params.get('to') || isoDay(now);
  const fromParam = params.get('from');
  if (fromParam) return { from: fromParam, to };
  const toMs = parseIsoDay(to);
  const from = toMs === null ? presetRange(DEFAULT_DAYS, now).from : isoDay(new Date(toMs - (DEFAULT_DAYS - 1) * DAY_MS));
  return { from, to };
}

/** Per-day rows as uPlot wants them: x in Unix seconds (UTC midnight), then one array per series. */
export function toColumns<R extends { day: string }, K extends keyof R>(
  rows: readonly R[],
  keys: readonly K[],
): [number[], ...number[][]] {
  const xs: number[] = [];
  const ys = keys.map(() => [] as number[]);
  for (const row of rows) {
    const ms = parseIsoDay(row.day);
    if (ms === null) continue;
    xs.push(ms / 1000);
    keys.forEach((key, i) => ys[i]!.push(Number(row[key]) || 0));
  }
  return [xs, ...ys];
}

/** What a referrer row is called: its host, or "Direct / unknown" when the API has none. */
export function referrerLabel(host: string | null | undefined): string {
  const trimmed = host?.trim();
  return trimmed ? trimmed : 'Direct / unknown';
}

/** The total of one series and its busiest day, for a chart's screen-reader sentence. */
export function seriesSummary<R extends { day: string }>(rows: readonly R[], key: keyof R): { total: number; peak: R | null } {
  let total = 0;
  let peak: R | null = null;
  for (const row of rows) {
    const value = Number(row[key]) || 0;
    total += value;
    if (value > 0 && (peak === null || value > (Number(peak[key]) || 0))) peak = row;
  }
  return { total, peak };
}

const numberFormat = new Intl.NumberFormat('en-GB');

/** "1,234". */
export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** "3 Mar 2026" for a `YYYY-MM-DD` day (UTC), or the input when it is not one. */
export function formatDay(day: string): string {
  const ms = parseIsoDay(day);
  return ms === null
    ? day
    : new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(ms);
}
