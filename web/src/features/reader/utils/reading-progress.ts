/**
 * Reading progress as the post page measures it: how far down the article the reader got,
 * and for how long they were actively reading (the tab visible, and some scroll, key or
 * pointer activity within the last couple of minutes). The page reports both to the API at
 * most once per interval, and once more when the reader leaves.
 */

/** How often, at most, progress is reported while the reader stays on the page. */
export const REPORT_INTERVAL_MS = 15_000;
/** Time without any activity after which the reader is taken to be away (a forgotten tab). */
export const IDLE_AFTER_MS = 120_000;
/** The most active time one report may carry (the API refuses more); the rest waits for the next. */
export const MAX_REPORT_SECONDS = 300;

export interface ProgressReport {
  /** The deepest point reached in the article, 0 to 100. */
  percent: number;
  /** Seconds of active reading since the previous report. */
  active_seconds: number;
}

/**
 * How far down the article the reader has got, in percent: the share of the article above the
 * bottom edge of the viewport. `top` and `height` are the article's bounding box.
 */
export function scrolledPercent(top: number, height: number, viewportHeight: number): number {
  if (!(height > 0)) return 0;
  const seen = ((viewportHeight - top) / height) * 100;
  return Math.min(100, Math.max(0, Math.round(seen)));
}

export interface ProgressTracker {
  /** The reader scrolled to `percent` at `now`; scrolling is activity too. */
  scrolled(percent: number, now: number): void;
  /** A key press or pointer move at `now`. */
  activity(now: number): void;
  /** The tab became visible or hidden at `now`. */
  visibility(visible: boolean, now: number): void;
  /** The report to send at `now`, or null: at most one per interval, and only with news. */
  due(now: number): ProgressReport | null;
  /** Everything not reported yet (the reader is leaving), or null when there is nothing. */
  flush(now: number): ProgressReport | null;
}

export interface TrackerOptions {
  now: number;
  visible: boolean;
  intervalMs?: number;
  idleAfterMs?: number;
}

export function createProgressTracker({ now: start, visible: startVisible, intervalMs = REPORT_INTERVAL_MS, idleAfterMs = IDLE_AFTER_MS }: TrackerOptions): ProgressTracker {
  let visible = startVisible;
  let lastActivity = start;
  // Active time up to this moment is in `activeMs` already.
  let countedUntil = start;
  let activeMs = 0;
  let maxPercent = 0;
  let sentPercent = 0;
  let lastSent = start;

  const accrue = (now: number) => {
    const end = Math.min(now, lastActivity + idleAfterMs);
    if (visible && end > countedUntil) activeMs += end - countedUntil;
    countedUntil = Math.max(countedUntil, now);
  };

  const hasNews = () => maxPercent > sentPercent || activeMs >= 1000;

  const take = (now: number): ProgressReport => {
    const seconds = Math.min(MAX_REPORT_SECONDS, Math.floor(activeMs / 1000));
    activeMs -= seconds * 1000;
    sentPercent = maxPercent;
    lastSent = now;
    return { percent: maxPercent, active_seconds: seconds };
  };

  const activity = (now: number) => {
    accrue(now);
    lastActivity = Math.max(lastActivity, now);
  };

  return {
    scrolled(percent, now) {
      activity(now);
      maxPercent = Math.max(maxPercent, Math.min(100, Math.max(0, Math.round(percent))));
    },
    activity,
    visibility(next, now) {
      accrue(now);
      visible = next;
      // Coming back to the tab is activity; leaving it stops the clock.
      if (next) lastActivity = Math.max(lastActivity, now);
    },
    due(now) {
      if (now - lastSent < intervalMs) return null;
      accrue(now);
      return hasNews() ? take(now) : null;
    },
    flush(now) {
      accrue(now);
      if (!hasNews()) return null;
      const report = take(now);
      // Under a second of reading left over is not worth a report of its own.
      activeMs = 0;
      return report;
    },
  };
}
