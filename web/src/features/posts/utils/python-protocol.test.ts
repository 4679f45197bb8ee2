import { describe, expect, it } from 'vitest';

import {
  cellRunReducer,
  createOutputBatcher,
  eventFromWorker,
  initialCellState,
  MAX_OUTPUT_CHARS,
  unavailableMessage,
  type CellEvent,
  type CellRunState,
} from './python-protocol';

const play = (events: CellEvent[], from: CellRunState = initialCellState) => events.reduce(cellRunReducer, from);

describe('cellRunReducer', () => {
  it('streams stdout and stderr in order, merging consecutive writes', () => {
    const state = play([
      { type: 'queued' },
      { type: 'running' },
      { type: 'output', stream: 'stdout', text: '4' },
      { type: 'output', stream: 'stdout', text: '5\n' },
      { type: 'output', stream: 'stderr', text: 'warning\n' },
      { type: 'output', stream: 'stdout', text: 'more\n' },
      { type: 'done', outcome: { kind: 'ok', value: null } },
    ]);
    expect(state.status).toBe('done');
    expect(state.output).toEqual([
      { kind: 'stdout', text: '45\n' },
      { kind: 'stderr', text: 'warning\n' },
      { kind: 'stdout', text: 'more\n' },
    ]);
  });

  it("shows the last expression's repr", () => {
    const state = play([{ type: 'running' }, { type: 'done', outcome: { kind: 'ok', value: "{'a': 1}" } }]);
    expect(state.output).toEqual([{ kind: 'value', text: "{'a': 1}" }]);
  });

  it('shows a trimmed traceback and marks the cell failed', () => {
    const traceback = [
      'Traceback (most recent call last):',
      '  File "/lib/python3.14/site-packages/_pyodide/_base.py", line 597, in eval_code_async',
      '  File "<cell 1>", line 1, in <module>',
      '    1 / 0',
      'ZeroDivisionError: division by zero',
    ].join('\n');
    const state = play([{ type: 'running' }, { type: 'done', outcome: { kind: 'exception', traceback } }]);
    expect(state.status).toBe('failed');
    expect(state.output[0]?.text).not.toContain('_base.py');
    expect(state.output[0]?.text).toContain('File "<cell 1>"');
  });

  it('says plainly why a package is missing', () => {
    const message = unavailableMessage(['numpy'], 'no package source is configured');
    expect(message).toBe('numpy is not available: no package source is configured');
    const state = play([{ type: 'running' }, { type: 'done', outcome: { kind: 'unavailable', message } }]);
    expect(state.output).toEqual([{ kind: 'error', text: message }]);
    expect(unavailableMessage(['numpy', 'pandas'], 'x')).toBe('numpy, pandas are not available: x');
  });

  it('a new run clears the old output; a restart says the state is gone', () => {
    const ran = play([{ type: 'output', stream: 'stdout', text: 'old\n' }]);
    expect(cellRunReducer(ran, { type: 'queued' }).output).toEqual([]);
    const stopped = cellRunReducer(ran, { type: 'stopped', message: 'Python was restarted; run the cells above again.' });
    expect(stopped.status).toBe('stopped');
    expect(stopped.output.at(-1)).toEqual({ kind: 'note', text: 'Python was restarted; run the cells above again.\n' });
  });

  it('caps runaway output', () => {
    const big = 'x'.repeat(MAX_OUTPUT_CHARS - 10);
    const state = play([
      { type: 'output', stream: 'stdout', text: big },
      { type: 'output', stream: 'stdout', text: 'y'.repeat(100) },
      { type: 'output', stream: 'stdout', text: 'ignored' },
      { type: 'done', outcome: { kind: 'ok', value: null } },
    ]);
    expect(state.truncated).toBe(true);
    expect(state.size).toBe(MAX_OUTPUT_CHARS);
    expect(state.output.at(-1)).toEqual({ kind: 'note', text: '\n[output truncated]\n' });
  });
});

describe('eventFromWorker', () => {
  it('routes run messages by id and ignores the rest', () => {
    expect(eventFromWorker({ type: 'output', id: 3, stream: 'stderr', text: 'e' })).toEqual({
      id: 3,
      event: { type: 'output', stream: 'stderr', text: 'e' },
    });
    expect(eventFromWorker({ type: 'done', id: 4, outcome: { kind: 'ok', value: '1' } })?.id).toBe(4);
    expect(eventFromWorker({ type: 'ready' })).toBeNull();
  });
});

describe('createOutputBatcher', () => {
  it('sends many small writes as few messages, per stream and in order', () => {
    let clock = 0;
    const sent: [string, string][] = [];
    const batcher = createOutputBatcher((s, t) => sent.push([s, t]), { intervalMs: 30, maxChars: 10, now: () => clock });
    batcher.write('stdout', 'a');
    batcher.write('stdout', 'b');
    expect(sent).toEqual([]);
    clock = 31;
    batcher.write('stdout', 'c');
    expect(sent).toEqual([['stdout', 'abc']]);
    batcher.write('stderr', 'E');
    batcher.write('stdout', '0123456789');
    batcher.write('stdout', 'z');
    batcher.flush();
    expect(sent).toEqual([
      ['stdout', 'abc'],
      ['stderr', 'E'],
      ['stdout', '0123456789'],
      ['stdout', 'z'],
    ]);
  });
});
