import { useEffect } from 'react';

import type { components } from '@/api/schema';
import { fetchClient } from '@/lib/api-client';

type ViewRequest = components['schemas']['ViewRequest'];

const sendBeacon = (body: ViewRequest): void => {
  // keepalive: the view still reaches the server when the reader leaves the page at once.
  fetchClient.POST('/api/v1/views', { body, keepalive: true }).catch(() => undefined);
};

/**
 * Records post views. Only the first view after the app loaded carries the referrer: later
 * ones are navigations inside the app, where `document.referrer` still names the page the
 * reader arrived from. The same post again within a second is one view (React runs effects
 * twice in development).
 */
export function createViewRecorder(send: (body: ViewRequest) => void = sendBeacon, now: () => number = Date.now) {
  let first = true;
  let last: { slug: string; at: number } | null = null;
  return (slug: string, referrer: string): void => {
    const at = now();
    if (last?.slug === slug && at - last.at < 1000) return;
    last = { slug, at };
    send(first && referrer ? { slug, referrer: referrer.slice(0, 2048) } : { slug });
    first = false;
  };
}

const recordView = createViewRecorder();

/** Reports one view of the post `slug` once it is shown. */
export function useRecordView(slug: string | undefined): void {
  useEffect(() => {
    if (slug) recordView(slug, document.referrer);
  }, [slug]);
}
