import { describe, expect, it } from 'vitest';

import { createProgressTracker, IDLE_AFTER_MS, MAX_REPORT_SECONDS, REPORT_INTERVAL_MS, scrolledPercent } from './reading-progress';

describe('scrolledPercent', () => {
  it('is the share of the article above the bottom of the viewport', () => {
    // A 2000px article starting 100px down an 800px viewport: 700px of it in view.
    expect(scrolledPercent(100, 2000, 800)).toBe(35);
    // Scrolled until its end is at the bottom of the viewport.
    expect(scrolledPercent(-1200, 2000, 800)).toBe(100);
  });

  it('stays between 0 and 100, also for articles shorter than the screen', () => {
    expect(scrolledPercent(900, 2000, 800)).toBe(0);
    expect(scrolledPercent(-5000, 2000, 800)).toBe(100);
    expect(scrolledPercent(50, 300, 800)).toBe(100);
    expect(scrolledPercent(0, 0, 800)).toBe(0);
  });
});

describe('createProgressTracker', () => {
  const T = 1_000_000;

  it('reports at most once per interval, with the deepest point and the time spent', () => {
    const tracker = createProgressTracker({ now: T, visible: true });
    tracker.scrolled(20, T + 1000);
    expect(tracker.due(T + 5000)).toBeNull();
    tracker.scrolled(50, T + 10_000);
    tracker.scrolled(40, T + 12_000);
    expect(tracker.due(T + REPORT_INTERVAL_MS)).toEqual({ percent: 50, active_seconds: 15 });
    expect(tracker.due(T + REPORT_INTERVAL_MS + 1000)).toBeNull();
    tracker.scrolled(60, T + 20_000);
    expect(tracker.due(T + 2 * REPORT_INTERVAL_MS)).toEqual({ percent: 60, active_seconds: 15 });
  });

  it('counts time only while the tab is visible', () => {
    const tracker = createProgressTracker({ now: T, visible: true });
    tracker.visibility(false, T + 4000);
    tracker.visibility(true, T + 60_000);
    expect(tracker.due(T + 66_000)).toEqual({ percent: 0, active_seconds: 10 });
  });

  it('stops counting when the reader has been idle for a while', () => {
    const tracker = createProgressTracker({ now: T, visible: true });
    tracker.scrolled(10, T);
    const report = tracker.due(T + IDLE_AFTER_MS + 600_000);
    expect(report?.active_seconds).toBe(IDLE_AFTER_MS / 1000);
    // Activity starts the clock again.
    tracker.activity(T + 900_000);
    expect(tracker.flush(T + 905_000)).toEqual({ percent: 10, active_seconds: 5 });
  });

  it('sends nothing when nothing changed', () => {
    const tracker = createProgressTracker({ now: T, visible: false });
    expect(tracker.due(T + REPORT_INTERVAL_MS * 4)).toBeNull();
    expect(tracker.flush(T + REPORT_INTERVAL_MS * 4)).toBeNull();
  });

  it('flushes what is left when the reader leaves, before the interval is up', () => {
    const tracker = createProgressTracker({ now: T, visible: true });
    tracker.scrolled(100, T + 3000);
    expect(tracker.flush(T + 3500)).toEqual({ percent: 100, active_seconds: 3 });
    expect(tracker.flush(T + 3600)).toBeNull();
  });

  it('carries active time beyond what one report may hold over to the next', () => {
    const tracker = createProgressTracker({ now: T, visible: true, idleAfterMs: Infinity });
    expect(tracker.due(T + 400_000)).toEqual({ percent: 0, active_seconds: MAX_REPORT_SECONDS });
    expect(tracker.due(T + 400_000 + REPORT_INTERVAL_MS)).toEqual({ percent: 0, active_seconds: 115 });
  });
});
