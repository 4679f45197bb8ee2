import { fetchClient } from '@/lib/api-client';
import { readText } from '@/lib/sse';

import { createNotificationStreamParser, reconnectDelay, type Notification } from '../utils/notification-stream';

export interface StreamHandlers {
  /**
   * A stream is open. `resumed` says whether it replays from where the last one stopped;
   * when it does not, notifications written before it opened are only in the list.
   */
  onOpen(resumed: boolean): void;
  onNotification(notification: Notification): void;
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      window.clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = window.setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Listens to `GET /api/v1/notifications/stream` until `signal` aborts, reconnecting when the
 * stream ends or fails: after the server's `retry`, longer while attempts keep failing, and
 * with `Last-Event-ID` so the server first replays what was missed. The request goes through
 * the app's client, so it carries the bearer token (EventSource cannot) and renews an expired
 * one; it stops for good when the reader is signed out.
 */
export async function listenToNotifications(signal: AbortSignal, handlers: StreamHandlers): Promise<void> {
  let lastEventId: string | null = null;
  let retryMs: number | null = null;
  let failures = 0;

  while (!signal.aborted) {
    let opened = false;
    try {
      const { data, response } = await fetchClient.GET('/api/v1/notifications/stream', {
        parseAs: 'stream',
        signal,
        headers: { Accept: 'text/event-stream' },
        params: { header: lastEventId ? { 'Last-Event-ID': lastEventId } : {} },
      });
      if (response.status === 401) return;
      if (response.status === 422) {
        // The server does not know where we were: start afresh and take the list as it is.
        lastEventId = null;
      } else if (response.ok && data) {
        opened = true;
        failures = 0;
        handlers.onOpen(lastEventId !== null);
        const parser = createNotificationStreamParser(lastEventId);
        for await (const text of readText(data, signal)) {
          for (const notification of parser.push(text)) handlers.onNotification(notification);
          lastEventId = parser.lastEventId;
          retryMs = parser.retryMs ?? retryMs;
        }
      }
    } catch {
      // Offline, the server went away, or the stream was cut: try again below.
    }
    if (signal.aborted) return;
    if (!opened) failures += 1;
    await pause(reconnectDelay(opened ? 0 : failures, retryMs), signal);
  }
}
