import type { MouseEvent } from 'react';
import { Link } from 'react-router';

import type { AskSource } from '../api/get-conversation';
import { sourceHref } from '../utils/sources';

interface SourceListProps {
  sources: AskSource[];
  /** The numbers the answer cites; those are marked. */
  cited: number[];
  onOpen?: (e: MouseEvent<HTMLAnchorElement>) => void;
}

/** The passages an answer was made from, numbered as it cites them. */
export function SourceList({ sources, cited, onOpen }: SourceListProps) {
  if (sources.length === 0) return null;
  const citedSet = new Set(cited);
  return (
    <section className="answer-sources" aria-label="Sources">
      <h4>Sources</h4>
      <ol>
        {sources.map((s) => (
          <li key={s.n} value={s.n} className={citedSet.has(s.n) ? 'is-cited' : undefined}>
            <Link to={sourceHref(s)} onClick={onOpen}>
              {s.post_title}
            </Link>
            {citedSet.has(s.n) && <span className="visually-hidden"> (cited)</span>}
            {s.heading && <span className="muted"> › {s.heading}</span>}
            <p className="answer-source-snippet">{s.snippet}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
