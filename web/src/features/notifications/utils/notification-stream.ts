import type { components } from '@/api/schema';
import { createSseParser } from '@/lib/sse';

export type Notification = components['schemas']['Notification'];

/** The event name the live stream gives each notification. */
export const NOTIFICATION_EVENT = 'notification';
/** How long to wait before reconnecting when the server has not said (`retry:`). */
export const DEFAULT_RETRY_MS = 3000;
/** The longest wait between attempts while the server keeps failing. */
export const MAX_RETRY_MS = 60_000;

export interface NotificationStreamParser {
  /** Feeds decoded text, in chunks of any size; returns the notifications completed by it. */
  push(text: string): Notification[];
  /** The id of the last event seen, to send as `Last-Event-ID` when reconnecting. */
  readonly lastEventId: string | null;
  /** The reconnection time the server asked for, in ms, or null. */
  readonly retryMs: number | null;
}

/**
 * Reads `GET /api/v1/notifications/stream`: `notification` events carry a notification as
 * JSON, with its id as the event id; `retry:` lines and `: keep-alive` comments carry none.
 * `lastEventId` is where a previous connection got to: it stays the answer until this one
 * sends an event with an id of its own.
 */
export function createNotificationStreamParser(lastEventId: string | null = null): NotificationStreamParser {
  const sse = createSseParser();
  let last = lastEventId;
  return {
    push(text) {
      const out: Notification[] = [];
      for (const event of sse.push(text)) {
        if (event.id) last = event.id;
        if (event.event !== NOTIFICATION_EVENT) continue;
        const notification = toNotification(event.data);
        if (notification) out.push(notification);
      }
      return out;
    },
    get lastEventId() {
      return last;
    },
    get retryMs() {
      return sse.retry;
    },
  };
}

/** The notification in an event's data, or null for data that is not one (a newer server, a cut line). */
export function toNotification(data: string): Notification | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const strings = ['id', 'kind', 'title', 'body', 'link', 'created_at'] as const;
  if (!strings.every((k) => typeof v[k] === 'string') || typeof v.read !== 'boolean') return null;
  return value as Notification;
}

/**
 * How long to wait before reconnecting: the server's `retry` (or the default) after a stream
 * that was open, doubling with each attempt in a row that did not get one open, up to a
 * minute; `random` spreads the tabs of a restarted server apart.
 */
export function reconnectDelay(failures: number, retryMs: number | null, random: () => number = Math.random): number {
  const base = retryMs ?? DEFAULT_RETRY_MS;
  const backoff = Math.min(MAX_RETRY_MS, base * 2 ** Math.min(Math.max(0, failures), 10));
  return Math.round(backoff * (0.8 + 0.4 * random()));
}
