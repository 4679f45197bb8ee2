import { describe, expect, it } from 'vitest';

import {
  createNotificationStreamParser,
  DEFAULT_RETRY_MS,
  MAX_RETRY_MS,
  reconnectDelay,
  toNotification,
  type Notification,
} from './notification-stream';

const notification = (id: string, patch: Partial<Notification> = {}): Notification => ({
  id,
  kind: 'reply',
  title: `Reader ${id} replied to your comment on “Names”`,
  body: 'Good point',
  link: `/posts/values-and-names#comment-${id}`,
  read: false,
  created_at: '2026-03-10T12:00:00Z',
  ...patch,
});

const frame = (n: Notification) => `id: ${n.id}\nevent: notification\ndata: ${JSON.stringify(n)}\n\n`;

const first = notification('0190e1d2-0000-7000-8000-000000000001');
const second = notification('0190e1d2-0000-7000-8000-000000000002', { kind: 'moderation', title: 'Your comment is published' });
// What the server sends: the reconnection time, a keep-alive while idle, then two notifications.
const STREAM = `retry: 3000\n\n: keep-alive\n\n${frame(first)}: keep-alive\n\n${frame(second)}`;

function parseAll(chunks: string[], lastEventId: string | null = null) {
  const parser = createNotificationStreamParser(lastEventId);
  const out = chunks.flatMap((c) => parser.push(c));
  return { out, parser };
}

describe('createNotificationStreamParser', () => {
  it('reads each notification frame, skipping retry lines and keep-alive comments', () => {
    const { out, parser } = parseAll([STREAM]);
    expect(out).toEqual([first, second]);
    expect(parser.retryMs).toBe(3000);
  });

  it('gives the same notifications however the frames are split across chunks', () => {
    for (let size = 1; size <= 13; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < STREAM.length; i += size) chunks.push(STREAM.slice(i, i + size));
      expect(parseAll(chunks).out).toEqual([first, second]);
    }
    // Split inside the JSON, and between the two line feeds that end a frame.
    const text = frame(first);
    const cut = text.indexOf('"title"');
    expect(parseAll([text.slice(0, cut), text.slice(cut, -1), '\n']).out).toEqual([first]);
  });

  it('emits a notification only once its frame is complete', () => {
    const parser = createNotificationStreamParser();
    expect(parser.push(frame(first).slice(0, -1))).toEqual([]);
    expect(parser.lastEventId).toBeNull();
    expect(parser.push('\n')).toEqual([first]);
  });

  it('tracks the id of the last event, for Last-Event-ID on reconnect', () => {
    const parser = createNotificationStreamParser();
    parser.push(frame(first));
    expect(parser.lastEventId).toBe(first.id);
    parser.push(': keep-alive\n\n');
    expect(parser.lastEventId).toBe(first.id);
    parser.push(frame(second));
    expect(parser.lastEventId).toBe(second.id);
  });

  it('keeps the id of the previous connection until this one sends an event', () => {
    const { parser } = parseAll(['retry: 3000\n\n: keep-alive\n\n'], first.id);
    expect(parser.lastEventId).toBe(first.id);
    parser.push(frame(second));
    expect(parser.lastEventId).toBe(second.id);
  });

  it('ignores other events and frames whose data is not a notification', () => {
    const junk = ['event: ping\ndata: {}\n\n', 'event: notification\ndata: {"id":"x"}\n\n', 'event: notification\ndata: not json\n\n'];
    expect(parseAll([...junk, frame(first)]).out).toEqual([first]);
  });

  it('accepts CRLF line endings', () => {
    expect(parseAll([frame(first).replaceAll('\n', '\r\n')]).out).toEqual([first]);
  });
});

describe('toNotification', () => {
  it('needs every field of a notification', () => {
    expect(toNotification(JSON.stringify(first))).toEqual(first);
    const { read: _read, ...unread } = first;
    expect(toNotification(JSON.stringify(unread))).toBeNull();
    expect(toNotification('null')).toBeNull();
    expect(toNotification('[1]')).toBeNull();
  });
});

describe('reconnectDelay', () => {
  const middle = () => 0.5;

  it("waits the server's retry after an open stream ends, and doubles it while attempts fail", () => {
    expect(reconnectDelay(0, 3000, middle)).toBe(3000);
    expect(reconnectDelay(1, 3000, middle)).toBe(6000);
    expect(reconnectDelay(3, 1000, middle)).toBe(8000);
  });

  it('uses the default without a retry from the server, and never waits more than a minute', () => {
    expect(reconnectDelay(0, null, middle)).toBe(DEFAULT_RETRY_MS);
    expect(reconnectDelay(50, 3000, middle)).toBe(MAX_RETRY_MS);
  });

  it('spreads attempts within 20% either way', () => {
    expect(reconnectDelay(0, 1000, () => 0)).toBe(800);
    expect(reconnectDelay(0, 1000, () => 0.999999)).toBe(1200);
  });
});
