import { trimTraceback } from './traceback';

/** Messages from the page to the Python worker. */
export type ToWorker =
  | {
      type: 'init';
      /** Where pyodide.mjs and its core files are, ending in `/`. */
      indexURL: string;
      /** Where non-stdlib packages come from; null: none can be loaded. */
      packagesURL: string | null;
      /** Shared with the page to interrupt a run (only when the page is cross-origin isolated). */
      interruptBuffer: SharedArrayBuffer | null;
    }
  | { type: 'run'; id: number; code: string; filename: string };

/** How one run ended. */
export type RunOutcome =
  /** `value` is the repr of the last expression, or null when there was none (or it was None). */
  | { kind: 'ok'; value: string | null }
  /** Python raised: the full traceback (the page trims it). */
  | { kind: 'exception'; traceback: string }
  /** The code did not start: a package it imports could not be loaded. */
  | { kind: 'unavailable'; message: string };

/** Messages from the Python worker to the page. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-failed'; message: string }
  | { type: 'output'; id: number; stream: 'stdout' | 'stderr'; text: string }
  /** Progress worth showing, such as "Loading numpy". */
  | { type: 'note'; id: number; text: string }
  | { type: 'done'; id: number; outcome: RunOutcome };

export function isFromWorker(data: unknown): data is FromWorker {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';
}

export type OutputKind = 'stdout' | 'stderr' | 'value' | 'error' | 'note';

export interface OutputChunk {
  kind: OutputKind;
  text: string;
}

export type CellStatus = 'idle' | 'queued' | 'starting' | 'running' | 'done' | 'failed' | 'stopped';

export interface CellRunState {
  status: CellStatus;
  output: OutputChunk[];
  /** Characters of output kept so far (printing stops being shown past MAX_OUTPUT_CHARS). */
  size: number;
  truncated: boolean;
}

/** What happens to one cell, as the page sees it. */
export type CellEvent =
  | { type: 'queued' }
  | { type: 'starting' }
  | { type: 'running' }
  | { type: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'note'; text: string }
  | { type: 'done'; outcome: RunOutcome }
  | { type: 'stopped'; message: string }
  | { type: 'failed'; message: string }
  | { type: 'clear' };

/** A runaway `print` loop must not grow the page without end. */
export const MAX_OUTPUT_CHARS = 100_000;

export const STARTING_MESSAGE = 'Starting Python… (first run takes a few seconds)';
export const RESTARTED_MESSAGE = 'Python was restarted; run the cells above again.';

export const initialCellState: CellRunState = { status: 'idle', output: [], size: 0, truncated: false };

function append(state: CellRunState, kind: OutputKind, text: string, always = false): CellRunState {
  if (!text) return state;
  let kept = text;
  let truncated = state.truncated;
  if (!always) {
    if (state.truncated) return state;
    const room = MAX_OUTPUT_CHARS - state.size;
    if (kept.length > room) {
      kept = kept.slice(0, Math.max(room, 0));
      truncated = true;
    }
  }
  const output = [...state.output];
  const last = output[output.length - 1];
  if (last && last.kind === kind && kind !== 'value' && kind !== 'error') {
    output[output.length - 1] = { kind, text: last.text + kept };
  } else if (kept) {
    output.push({ kind, text: kept });
  }
  if (truncated && !state.truncated) output.push({ kind: 'note', text: '\n[output truncated]\n' });
  return { ...state, output, size: state.size + kept.length, truncated };
}

/** One cell's status and output; pure, so the protocol is tested without a browser. */
export function cellRunReducer(state: CellRunState, event: CellEvent): CellRunState {
  switch (event.type) {
    case 'clear':
      return initialCellState;
    case 'queued':
      return { ...initialCellState, status: 'queued' };
    case 'starting':
      return { ...state, status: 'starting' };
    case 'running':
      return { ...state, status: 'running' };
    case 'output':
      return append(state, event.stream, event.text);
    case 'note':
      return append(state, 'note', event.text.endsWith('\n') ? event.text : `${event.text}\n`, true);
    case 'done': {
      const { outcome } = event;
      if (outcome.kind === 'ok') {
        return { ...append(state, 'value', outcome.value ?? '', true), status: 'done' };
      }
      const text = outcome.kind === 'exception' ? trimTraceback(outcome.traceback) : outcome.message;
      return { ...append(state, 'error', text, true), status: 'failed' };
    }
    case 'stopped':
      return { ...append(state, 'note', `${event.message}\n`, true), status: 'stopped' };
    case 'failed':
      return { ...append(state, 'error', event.message, true), status: 'failed' };
  }
}

/** Turns a worker message into the event for the cell whose run it belongs to. */
export function eventFromWorker(message: FromWorker): { id: number; event: CellEvent } | null {
  switch (message.type) {
    case 'output':
      return { id: message.id, event: { type: 'output', stream: message.stream, text: message.text } };
    case 'note':
      return { id: message.id, event: { type: 'note', text: message.text } };
    case 'done':
      return { id: message.id, event: { type: 'done', outcome: message.outcome } };
    default:
      return null;
  }
}

/** The reader-facing reason a package cannot be imported. */
export function unavailableMessage(packages: string[], reason: string): string {
  const names = packages.join(', ');
  return `${names} ${packages.length === 1 ? 'is' : 'are'} not available: ${reason}`;
}

/**
 * Collects a run's output into messages: many tiny writes (a `print` loop) become one
 * message per `intervalMs` or `maxChars`, so the page is not flooded. `now` is injectable
 * for tests. Pyodide calls `write` synchronously while Python runs, so there is no timer:
 * a write flushes when enough time has passed, and the run's end flushes the rest.
 */
export function createOutputBatcher(
  send: (stream: 'stdout' | 'stderr', text: string) => void,
  { intervalMs = 30, maxChars = 8192, now = () => Date.now() } = {},
) {
  let stream: 'stdout' | 'stderr' | null = null;
  let buffer = '';
  let last = now();
  const flush = () => {
    if (stream && buffer) send(stream, buffer);
    buffer = '';
    last = now();
  };
  return {
    write(to: 'stdout' | 'stderr', text: string) {
      if (stream !== to) {
        flush();
        stream = to;
      }
      buffer += text;
      if (buffer.length >= maxChars || now() - last >= intervalMs) flush();
    },
    flush,
  };
}
