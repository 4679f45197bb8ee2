import { useCallback, useEffect, useReducer, useRef, useState } from 'react';

import { clearCellCode, loadCellCode, saveCellCode } from '../utils/cell-storage';
import { cellFilename } from '../utils/python-cells';
import { cellRunReducer, initialCellState, STARTING_MESSAGE } from '../utils/python-protocol';
import type { PythonSession } from '../utils/python-session';

import { CodeEditor } from './code-editor';

export interface CellMount {
  index: number;
  hidden: boolean;
  /** The author's code. */
  original: string;
  /** The `pre` the server rendered, hidden while the cell shows instead. */
  pre: HTMLElement;
  /** Where the cell renders (just before `pre`); null for hidden cells. */
  host: HTMLElement | null;
}

interface PythonCellProps {
  slug: string;
  mount: CellMount;
  session: PythonSession;
  /** Whether a visible cell comes before this one. */
  hasAbove: boolean;
}

/** One runnable Python cell: editor, buttons and output. */
export function PythonCell({ slug, mount, session, hasAbove }: PythonCellProps) {
  const { index, original, pre } = mount;
  const [code, setCode] = useState(() => loadCellCode(slug, index, original));
  const [state, dispatch] = useReducer(cellRunReducer, initialCellState);
  const codeRef = useRef(code);
  codeRef.current = code;

  useEffect(() => {
    pre.hidden = true;
    return () => {
      pre.hidden = false;
    };
  }, [pre]);

  useEffect(
    () => session.register({ index, hidden: false, code: () => codeRef.current, listener: dispatch }),
    [session, index],
  );

  const onChange = useCallback(
    (next: string) => {
      setCode(next);
      saveCellCode(slug, index, original, next);
    },
    [slug, index, original],
  );
  const run = useCallback(() => session.run([index]), [session, index]);

  const reset = () => {
    clearCellCode(slug, index);
    setCode(original);
    dispatch({ type: 'clear' });
  };

  const active = state.status === 'queued' || state.status === 'starting' || state.status === 'running';
  const name = cellFilename(index);

  return (
    <section className="python-cell" aria-label={`Python cell ${index + 1}`} data-status={state.status}>
      <CodeEditor value={code} onChange={onChange} onRun={run} label={`Python code, ${name}`} />
      <div className="cell-toolbar">
        <button type="button" className="button button-small" onClick={run} title="Run (Shift-Enter)">
          Run
        </button>
        {hasAbove && (
          <button type="button" className="button button-small" onClick={() => session.runAllAbove(index)}>
            Run all above
          </button>
        )}
        <button type="button" className="button button-small" onClick={() => session.stop()} disabled={!active}>
          Stop
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={reset}
          disabled={code === original}
          title="Reset to the original"
        >
          Reset
        </button>
        <span className="cell-status" role="status">
          {state.status === 'starting' && STARTING_MESSAGE}
          {state.status === 'queued' && 'Waiting…'}
          {state.status === 'running' && 'Running…'}
        </span>
      </div>
      {state.output.length > 0 && (
        <pre className="cell-output" aria-label="Output">
          {state.output.map((chunk, i) => (
            <span key={i} className={`cell-out-${chunk.kind}`}>
              {chunk.text}
              {(chunk.kind === 'value' || chunk.kind === 'error') && !chunk.text.endsWith('\n') ? '\n' : ''}
            </span>
          ))}
        </pre>
      )}
    </section>
  );
}
