/**
 * A small parser for `text/event-stream` bodies, following the WHATWG "event stream
 * interpretation" rules: lines end in CRLF, LF or CR; `data:` lines accumulate (joined by
 * "\n"); a blank line dispatches; lines starting with ":" are comments; one space after the
 * colon is dropped. EventSource cannot send a POST body or an Authorization header, so
 * streamed answers and the live notifications are read with fetch and parsed here.
 */

export interface SseEvent {
  /** The `event:` field, or "message" when the event named none. */
  event: string;
  /** The `data:` lines, joined with "\n". */
  data: string;
  /** The last `id:` seen on the stream so far, or null. */
  id: string | null;
}

export interface SseParser {
  /** Feeds decoded text, in chunks of any size; returns the events completed by it. */
  push(text: string): SseEvent[];
  /** The reconnection time the stream asked for (`retry:` with digits only), in ms, or null. */
  readonly retry: number | null;
}

export function createSseParser(): SseParser {
  let buffer = '';
  let started = false;
  // A chunk ended in "\r": a "\n" starting the next one belongs to the same line break.
  let pendingCr = false;

  let eventType = '';
  let data: string[] = [];
  let lastId: string | null = null;
  let retry: number | null = null;

  const processLine = (line: string, out: SseEvent[]) => {
    if (line === '') {
      if (data.length > 0) out.push({ event: eventType || 'message', data: data.join('\n'), id: lastId });
      eventType = '';
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retry = Number(value);
        break;
      default:
        // Unknown fields are ignored, as the standard says.
        break;
    }
  };

  return {
    get retry() {
      return retry;
    },
    push(text) {
      let chunk = text;
      if (!started && chunk.length > 0) {
        started = true;
        if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
      }
      if (pendingCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
      pendingCr = false;
      buffer += chunk;

      const out: SseEvent[] = [];
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        processLine(buffer.slice(start, i), out);
        if (c === '\r') {
          if (i + 1 < buffer.length) {
            if (buffer[i + 1] === '\n') i++;
          } else {
            pendingCr = true;
          }
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
  };
}

/**
 * The text of a UTF-8 body, as it arrives: bytes are decoded across chunk boundaries.
 * Stopping early (`signal` aborts, or the caller leaves its loop) cancels the body.
 */
export async function* readText(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let finished = false;
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    while (!signal?.aborted) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        if (!signal?.aborted) yield decoder.decode();
        return;
      }
      yield decoder.decode(value, { stream: true });
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    if (!finished) cancel();
    reader.releaseLock();
  }
}

/**
 * The events of an event-stream body, as they arrive. Bytes are decoded as UTF-8 across
 * chunk boundaries. An event the stream ends in the middle of is dropped, as EventSource
 * does. Stopping early (`signal` aborts, or the caller leaves its loop) cancels the body.
 */
export async function* readSse(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<SseEvent> {
  const parser = createSseParser();
  for await (const text of readText(body, signal)) yield* parser.push(text);
}
