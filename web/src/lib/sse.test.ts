import { describe, expect, it } from 'vitest';

import { createSseParser, readSse, type SseEvent } from './sse';

/** Everything the parser emits for `chunks`, fed one after the other. */
function parseAll(chunks: string[]): SseEvent[] {
  const parser = createSseParser();
  return chunks.flatMap((c) => parser.push(c));
}

const STREAM = [
  'event: sources',
  'data: {"conversation_id":"c1","sources":[]}',
  '',
  'event: delta',
  'data: {"text":"Hello"}',
  '',
  'event: done',
  'data: {"cited":[1]}',
  '',
  '',
].join('\n');

describe('createSseParser', () => {
  it('reads named events with their data', () => {
    expect(parseAll([STREAM])).toEqual([
      { event: 'sources', data: '{"conversation_id":"c1","sources":[]}', id: null },
      { event: 'delta', data: '{"text":"Hello"}', id: null },
      { event: 'done', data: '{"cited":[1]}', id: null },
    ]);
  });

  it('gives the same events however the stream is split into chunks', () => {
    const whole = parseAll([STREAM]);
    for (let size = 1; size <= 7; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < STREAM.length; i += size) chunks.push(STREAM.slice(i, i + size));
      expect(parseAll(chunks)).toEqual(whole);
    }
    // Split exactly between the two line feeds that end an event, and inside a field name.
    expect(parseAll(['event: delta\ndata: {"text":"Hel', 'lo"}\n', '\nev', 'ent: done\ndata: {}\n\n'])).toEqual([
      { event: 'delta', data: '{"text":"Hello"}', id: null },
      { event: 'done', data: '{}', id: null },
    ]);
  });

  it('emits an event only once its blank line has arrived', () => {
    const parser = createSseParser();
    expect(parser.push('event: delta\ndata: {"text":"a"}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'delta', data: '{"text":"a"}', id: null }]);
  });

  it('accepts CRLF and lone CR line endings, also when a CRLF is split across chunks', () => {
    expect(parseAll(['data: one\r\n\r\ndata: two\r\rdata: three\n\n'])).toEqual([
      { event: 'message', data: 'one', id: null },
      { event: 'message', data: 'two', id: null },
      { event: 'message', data: 'three', id: null },
    ]);
    // "\r" ends one chunk and "\n" starts the next: one line break, not a blank line.
    expect(parseAll(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual([{ event: 'message', data: 'a\nb', id: null }]);
  });

  it('joins several data lines with a newline and drops one leading space only', () => {
    expect(parseAll(['data: line one\ndata:line two\ndata:  indented\n\n'])).toEqual([
      { event: 'message', data: 'line one\nline two\n indented', id: null },
    ]);
  });

  it('skips comments, unknown fields and events without data', () => {
    expect(parseAll([': keep-alive\n\nretry: 1000\nfoo: bar\n\nevent: ping\n\ndata: x\n\n'])).toEqual([
      { event: 'message', data: 'x', id: null },
    ]);
  });

  it('keeps an empty data field, a field without a colon, and the last id', () => {
    expect(parseAll(['id: 7\ndata\n\nid: 8\nevent: delta\ndata:\n\n'])).toEqual([
      { event: 'message', data: '', id: '7' },
      { event: 'delta', data: '', id: '8' },
    ]);
  });

  it('resets the event name after each event', () => {
    expect(parseAll(['event: delta\ndata: a\n\ndata: b\n\n'])).toEqual([
      { event: 'delta', data: 'a', id: null },
      { event: 'message', data: 'b', id: null },
    ]);
  });

  it('remembers the reconnection time of the last valid retry field', () => {
    const parser = createSseParser();
    expect(parser.retry).toBeNull();
    expect(parser.push('retry: 3000\n\n')).toEqual([]);
    expect(parser.retry).toBe(3000);
    // Anything but ASCII digits is ignored, as the standard says.
    parser.push('retry: 2.5\nretry: soon\nretry:\n\n');
    expect(parser.retry).toBe(3000);
    parser.push('retry:1500\n\n');
    expect(parser.retry).toBe(1500);
  });

  it('ignores a byte order mark at the start of the stream', () => {
    expect(parseAll(['\uFEFFdata: x\n\n'])).toEqual([{ event: 'message', data: 'x', id: null }]);
  });
});

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const e of readSse(stream, signal)) events.push(e);
  return events;
}

describe('readSse', () => {
  it('decodes UTF-8 characters whose bytes are split across chunks', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"café — “quoted” 🙂"}\n\n');
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.slice(i, i + 1));
    expect(await collect(streamOf(chunks))).toEqual([{ event: 'delta', data: '{"text":"café — “quoted” 🙂"}', id: null }]);
  });

  it('drops an event the stream ends in the middle of', async () => {
    const enc = new TextEncoder();
    expect(await collect(streamOf([enc.encode('data: whole\n\n'), enc.encode('data: cut off')]))).toEqual([
      { event: 'message', data: 'whole', id: null },
    ]);
  });

  it('stops and cancels the body when the signal aborts', async () => {
    let cancelled = false;
    const enc = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(enc.encode('data: first\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const controller = new AbortController();
    const events: SseEvent[] = [];
    for await (const e of readSse(stream, controller.signal)) {
      events.push(e);
      controller.abort();
    }
    expect(events.map((e) => e.data)).toEqual(['first']);
    expect(cancelled).toBe(true);
  });
});
