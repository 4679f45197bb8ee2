import { Fragment, useMemo, useState } from 'react';

import type { DiffLine } from '../api/get-revision';
import { diffRows, type NumberedLine } from '../utils/revision-diff';

const SIGN = { same: ' ', added: '+', removed: '−' } as const;
const LABEL = { same: '', added: 'Added: ', removed: 'Removed: ' } as const;

/**
 * A line diff from a revision to the current text: removed lines (only in the revision) and
 * added ones (only in the current text), each with its line numbers, amid a few unchanged
 * lines; longer unchanged stretches are folded and open on request.
 */
export function RevisionDiff({ diff }: { diff: readonly DiffLine[] }) {
  const rows = useMemo(() => diffRows(diff), [diff]);
  const [opened, setOpened] = useState<ReadonlySet<number>>(() => new Set());

  return (
    <table className="diff">
      <thead>
        <tr>
          <th scope="col" className="diff-num">
            Revision
          </th>
          <th scope="col" className="diff-num">
            Current
          </th>
          <th scope="col" className="diff-text">
            <span className="visually-hidden">Line</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => {
          if (row.kind === 'line') return <Line key={i} line={row.line} />;
          if (opened.has(i)) {
            return (
              <Fragment key={i}>
                {row.lines.map((line, j) => (
                  <Line key={j} line={line} />
                ))}
              </Fragment>
            );
          }
          return (
            <tr key={i} className="diff-gap">
              <td colSpan={3}>
                <button type="button" className="link-button" onClick={() => setOpened((was) => new Set(was).add(i))}>
                  Show {row.lines.length} unchanged lines
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Line({ line }: { line: NumberedLine }) {
  return (
    <tr className={`diff-line diff-${line.change}`}>
      <td className="diff-num">{line.before ?? ''}</td>
      <td className="diff-num">{line.after ?? ''}</td>
      <td className="diff-text">
        <span className="diff-sign" aria-hidden="true">
          {SIGN[line.change]}
        </span>
        {LABEL[line.change] && <span className="visually-hidden">{LABEL[line.change]}</span>}
        {line.text}
      </td>
    </tr>
  );
}
