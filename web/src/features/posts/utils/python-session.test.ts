import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { FromWorker, ToWorker, CellEvent } from './python-protocol';
import { PythonSession, type SessionCell } from './python-session';

/** A stand-in worker: answers init with ready and runs with what `respond` says. */
class FakeWorker {
  static all: FakeWorker[] = [];
  onmessage: ((event: MessageEvent<unknown>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  received: ToWorker[] = [];
  terminated = false;
  constructor(private respond: (run: Extract<ToWorker, { type: 'run' }>) => FromWorker[] | null) {
    FakeWorker.all.push(this);
  }
  postMessage(message: ToWorker) {
    this.received.push(message);
    const reply = message.type === 'init' ? [{ type: 'ready' } as FromWorker] : this.respond(message);
    for (const data of reply ?? []) queueMicrotask(() => this.onmessage?.({ data } as MessageEvent<unknown>));
  }
  terminate() {
    this.terminated = true;
  }
}

function echo(run: Extract<ToWorker, { type: 'run' }>): FromWorker[] | null {
  if (run.code.includes('while True')) return null; // never answers
  return [
    { type: 'output', id: run.id, stream: 'stdout', text: `ran ${run.filename}\n` },
    { type: 'done', id: run.id, outcome: { kind: 'ok', value: null } },
  ];
}

function cell(index: number, code: string, hidden = false): SessionCell & { events: CellEvent[] } {
  const events: CellEvent[] = [];
  return { index, hidden, code: () => code, listener: (e) => events.push(e), events };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PythonSession', () => {
  beforeEach(() => {
    FakeWorker.all = [];
  });

  const session = (timeoutMs = 30_000) =>
    new PythonSession({ createWorker: () => new FakeWorker(echo) as unknown as Worker, timeoutMs, isolated: false });

  it('starts Python on the first run, runs the setup code first, then the cell', async () => {
    const s = session();
    const setup = cell(0, 'import math', true);
    const first = cell(1, 'print(1)');
    s.register(setup);
    s.register(first);
    expect(FakeWorker.all).toHaveLength(0);
    s.run([1]);
    await vi.waitFor(() => expect(first.events.at(-1)?.type).toBe('done'));
    const worker = FakeWorker.all[0] as FakeWorker;
    expect(worker.received.map((m) => (m.type === 'run' ? m.filename : m.type))).toEqual(['init', '<cell 1>', '<cell 2>']);
    // The setup's output shows in the cell it ran for.
    expect(first.events.map((e) => e.type)).toEqual(['queued', 'starting', 'output', 'running', 'output', 'done']);
    // Setup runs once per interpreter.
    s.run([1]);
    await vi.waitFor(() => expect(worker.received).toHaveLength(4));
    expect(worker.received[3]).toMatchObject({ type: 'run', filename: '<cell 2>' });
  });

  it('runs all cells above in order', async () => {
    const s = session();
    const cells = [cell(0, 'a = 1'), cell(1, 'b = 2'), cell(2, 'print(a + b)')];
    cells.forEach((c) => s.register(c));
    s.runAllAbove(2);
    await vi.waitFor(() => expect(cells[2]?.events.at(-1)?.type).toBe('done'));
    const runs = FakeWorker.all[0]?.received.filter((m) => m.type === 'run').map((m) => m.type === 'run' && m.filename);
    expect(runs).toEqual(['<cell 1>', '<cell 2>', '<cell 3>']);
  });

  it('Stop without isolation restarts Python and says so; the next run starts a fresh one', async () => {
    const s = session();
    const loop = cell(0, 'while True: pass');
    const next = cell(1, 'print(2)');
    s.register(loop);
    s.register(next);
    s.run([0]);
    s.run([1]);
    await vi.waitFor(() => expect(loop.events.at(-1)?.type).toBe('running'));
    s.stop();
    expect(FakeWorker.all[0]?.terminated).toBe(true);
    expect(loop.events.at(-1)).toEqual({ type: 'stopped', message: 'Stopped. Python was restarted; run the cells above again.' });
    expect(next.events.at(-1)).toEqual({ type: 'clear' });
    s.run([1]);
    await vi.waitFor(() => expect(next.events.at(-1)?.type).toBe('done'));
    expect(FakeWorker.all).toHaveLength(2);
  });

  it('stops a run that takes too long', async () => {
    const s = session(200);
    const loop = cell(0, 'while True: pass');
    s.register(loop);
    s.run([0]);
    await vi.waitFor(() => expect(loop.events.at(-1)?.type).toBe('stopped'));
    expect(loop.events.at(-1)).toEqual({ type: 'stopped', message: 'Stopped after 0 s. Python was restarted; run the cells above again.' });
    expect(FakeWorker.all[0]?.terminated).toBe(true);
  });

  it('with isolation, Stop writes 2 to the interrupt buffer instead of restarting', async () => {
    const s = new PythonSession({ createWorker: () => new FakeWorker(echo) as unknown as Worker, isolated: true });
    const loop = cell(0, 'while True: pass');
    s.register(loop);
    s.run([0]);
    await vi.waitFor(() => expect(loop.events.at(-1)?.type).toBe('running'));
    const init = FakeWorker.all[0]?.received[0];
    expect(init?.type === 'init' && init.interruptBuffer).toBeInstanceOf(SharedArrayBuffer);
    s.stop();
    expect(FakeWorker.all[0]?.terminated).toBe(false);
    const buffer = init?.type === 'init' ? init.interruptBuffer : null;
    expect(new Int32Array(buffer as SharedArrayBuffer)[0]).toBe(2);
    await settle();
  });
});
