import { Fragment, useMemo, type MouseEvent } from 'react';
import { Link } from 'react-router';

import type { AskSource } from '../api/get-conversation';
import { parseAnswer, type Inline } from '../utils/answer';
import { sourceHref, sourceLabel } from '../utils/sources';

interface AnswerTextProps {
  answer: string;
  sources: AskSource[];
  /** A citation chip was followed. */
  onCite?: (e: MouseEvent<HTMLAnchorElement>) => void;
}

/** An answer's text, its `[n]` citations turned into chips that open source n's section. */
export function AnswerText({ answer, sources, onCite }: AnswerTextProps) {
  const byNumber = useMemo(() => new Map(sources.map((s) => [s.n, s])), [sources]);
  const blocks = useMemo(() => parseAnswer(answer, (n) => byNumber.has(n)), [answer, byNumber]);

  const inline = (parts: Inline[]) =>
    parts.map((part, i) => {
      switch (part.kind) {
        case 'text':
          return <Fragment key={i}>{part.text}</Fragment>;
        case 'code':
          return <code key={i}>{part.text}</code>;
        case 'strong':
          return <strong key={i}>{inline(part.children)}</strong>;
        case 'cite': {
          const source = byNumber.get(part.n);
          if (!source) return <Fragment key={i}>[{part.n}]</Fragment>;
          return (
            <Link key={i} to={sourceHref(source)} className="cite-chip" aria-label={`Source ${part.n}: ${sourceLabel(source)}`} onClick={onCite}>
              {part.n}
            </Link>
          );
        }
      }
    });

  return (
    <div className="answer-text">
      {blocks.map((block, i) => {
        switch (block.kind) {
          case 'paragraph':
            return <p key={i}>{inline(block.children)}</p>;
          case 'code':
            return (
              <pre key={i}>
                <code>{block.text}</code>
              </pre>
            );
          case 'list': {
            const List = block.ordered ? 'ol' : 'ul';
            return (
              <List key={i}>
                {block.items.map((item, j) => (
                  <li key={j}>{inline(item)}</li>
                ))}
              </List>
            );
          }
        }
      })}
    </div>
  );
}
