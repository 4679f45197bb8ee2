import type { components } from '@/api/schema';
import type { SseEvent } from '@/lib/sse';

/** One event of an answer stream: `sources`, then `delta`s, then `done` or `error`. */
export type AskEvent = components['schemas']['AskStreamEvent'];

const NAMES: ReadonlySet<string> = new Set<AskEvent['event']>(['sources', 'delta', 'done', 'error']);

/**
 * The typed event for a server-sent event of `POST /api/v1/ask`, or null for an event this
 * client does not know (a newer server may add some). Throws on data that is not JSON.
 */
export function toAskEvent(e: SseEvent): AskEvent | null {
  if (!NAMES.has(e.event)) return null;
  return { event: e.event, data: JSON.parse(e.data) } as AskEvent;
}
