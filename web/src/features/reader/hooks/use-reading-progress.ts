import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type RefObject } from 'react';

import { postStatesKey } from '../api/get-post-states';
import { recommendationsKey } from '../api/get-recommendations';
import { reportProgress } from '../api/report-progress';
import { createProgressTracker, scrolledPercent, type ProgressReport } from '../utils/reading-progress';

/** How often the page checks whether a report is due (the tracker throttles the reports). */
const CHECK_EVERY_MS = 5000;

/**
 * Reports the signed-in reader's progress in a post: how far down `article` they scrolled,
 * and how long they read with the tab visible. One report per interval at most, and a last
 * one when they hide the tab, leave the page or open another post. Once the post counts as
 * completed, what depends on that (its "Read" badge, "Next for you") is asked for again.
 */
export function useReadingProgress(slug: string, article: RefObject<HTMLElement | null>, enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const tracker = createProgressTracker({ now: Date.now(), visible: document.visibilityState === 'visible' });
    let completed = false;
    const send = (report: ProgressReport | null, keepalive = false) => {
      if (!report) return;
      void reportProgress(slug, report, { keepalive }).then((progress) => {
        if (!progress?.completed || completed) return;
        completed = true;
        void queryClient.invalidateQueries({ queryKey: recommendationsKey() });
        void queryClient.invalidateQueries({ queryKey: postStatesKey() });
      });
    };

    const measure = () => {
      const el = article.current;
      if (!el) return;
      const box = el.getBoundingClientRect();
      tracker.scrolled(scrolledPercent(box.top, box.height, window.innerHeight), Date.now());
    };
    let frame = 0;
    const onScroll = () => {
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        measure();
      });
    };
    const onActivity = () => tracker.activity(Date.now());
    const onVisibility = () => {
      const visible = document.visibilityState === 'visible';
      tracker.visibility(visible, Date.now());
      if (!visible) send(tracker.flush(Date.now()), true);
    };
    const onPageHide = () => send(tracker.flush(Date.now()), true);

    measure();
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll, { passive: true });
    window.addEventListener('keydown', onActivity);
    window.addEventListener('pointermove', onActivity, { passive: true });
    window.addEventListener('pointerdown', onActivity, { passive: true });
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    const timer = window.setInterval(() => send(tracker.due(Date.now())), CHECK_EVERY_MS);

    return () => {
      window.clearInterval(timer);
      if (frame) cancelAnimationFrame(frame);
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
      window.removeEventListener('keydown', onActivity);
      window.removeEventListener('pointermove', onActivity);
      window.removeEventListener('pointerdown', onActivity);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      // Another post, or another page of the app: what was read here is reported now.
      send(tracker.flush(Date.now()), true);
    };
  }, [slug, article, enabled, queryClient]);
}
