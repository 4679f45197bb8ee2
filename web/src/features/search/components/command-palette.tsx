import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';

import { useDebouncedValue } from '@/hooks/use-debounced-value';

import { useQuickSearch } from '../api/quick-search';
import type { SearchHit } from '../api/search-posts';
import { matchByName } from '../utils/match-names';
import { hitHref, searchHref } from '../utils/search-params';

import { SearchSnippet } from './search-snippet';

/** A series or a tag the palette can jump to. */
export interface PaletteLink {
  slug: string;
  name: string;
}

interface CommandPaletteProps {
  /** Every series and tag; the palette filters them as the reader types. */
  series: readonly PaletteLink[];
  tags: readonly PaletteLink[];
  /** "Ask AI about …" was chosen. */
  onAsk: (question: string) => void;
  onClose: () => void;
}

type Item =
  | { kind: 'post'; key: string; hit: SearchHit }
  | { kind: 'series' | 'tag'; key: string; link: PaletteLink }
  | { kind: 'search' | 'ask'; key: string; q: string };

interface Group {
  label: string;
  items: Item[];
}

const DEBOUNCE_MS = 150;
/** Shorter queries match too much to be worth a request. */
const MIN_POST_QUERY = 2;
const MAX_SERIES = 4;
const MAX_TAGS = 6;

/**
 * The command palette (Ctrl-K / ⌘K): posts from a keyword search, series and tags filtered
 * here, a link to every result, and asking the AI. A modal dialog with a combobox that owns
 * a listbox: focus stays in the input, arrows move the active option (announced through
 * aria-activedescendant), Enter opens it, Escape closes.
 */
export function CommandPalette({ series, tags, onAsk, onClose }: CommandPaletteProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const baseId = useId();
  const listId = `${baseId}-list`;
  const [query, setQuery] = useState('');
  const [activeKey, setActiveKey] = useState<string | null>(null);

  const typed = query.trim();
  const debounced = useDebouncedValue(typed, DEBOUNCE_MS);
  const searchable = debounced.length >= MIN_POST_QUERY;
  const posts = useQuickSearch(searchable ? debounced : '');

  const groups = useMemo<Group[]>(() => {
    const hits = searchable && typed.length >= MIN_POST_QUERY ? (posts.data?.items ?? []) : [];
    const actions: Item[] = [];
    if (typed) actions.push({ kind: 'search', key: 'search', q: typed });
    actions.push({ kind: 'ask', key: 'ask', q: typed });
    return [
      { label: 'Posts', items: hits.map((hit): Item => ({ kind: 'post', key: `post-${hit.id}`, hit })) },
      {
        label: 'Series',
        items: matchByName(series, typed, (s) => s.name, MAX_SERIES).map((link): Item => ({ kind: 'series', key: `series-${link.slug}`, link })),
      },
      {
        label: 'Tags',
        items: matchByName(tags, typed, (t) => t.name, MAX_TAGS).map((link): Item => ({ kind: 'tag', key: `tag-${link.slug}`, link })),
      },
      { label: 'Actions', items: actions },
    ].filter((g) => g.items.length > 0);
  }, [posts.data, searchable, typed, series, tags]);

  const items = groups.flatMap((g) => g.items);
  // The active option survives new results while it is still listed; otherwise the first.
  const active = items.find((i) => i.key === activeKey) ?? items[0];
  const optionId = (item: Item) => `${baseId}-${item.key}`;
  const activeId = active ? optionId(active) : undefined;

  useEffect(() => {
    const dialog = dialogRef.current;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    inputRef.current?.focus();
    return () => {
      if (dialog?.open) dialog.close();
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const choose = (item: Item) => {
    switch (item.kind) {
      case 'post':
        navigate(hitHref(item.hit));
        break;
      case 'series':
        navigate(`/series/${encodeURIComponent(item.link.slug)}`);
        break;
      case 'tag':
        navigate(`/tags/${encodeURIComponent(item.link.slug)}`);
        break;
      case 'search':
        navigate(searchHref({ q: item.q, mode: 'hybrid' }));
        break;
      case 'ask':
        onAsk(item.q);
        break;
    }
    onClose();
  };

  const move = (delta: number) => {
    if (items.length === 0) return;
    const index = active ? items.indexOf(active) : -1;
    const next = items[(index + delta + items.length) % items.length];
    if (next) setActiveKey(next.key);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      move(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      move(-1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (active) choose(active);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'Tab') {
      // Nothing else in the dialog takes focus: the options are reached with the arrows.
      e.preventDefault();
    }
  };

  const loading = searchable && posts.isFetching;
  const postCount = groups.find((g) => g.label === 'Posts')?.items.length ?? 0;

  return (
    <dialog
      ref={dialogRef}
      className="palette"
      aria-label="Search and commands"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop lands on the dialog itself; the box inside covers the rest.
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="palette-box">
        <div className="palette-input">
          <svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18">
            <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
            <path d="m13 13 4.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          <input
            ref={inputRef}
            type="text"
            role="combobox"
            aria-label="Search posts, series and tags, or ask the AI"
            aria-expanded={items.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={activeId}
            placeholder="Search posts, series and tags…"
            autoComplete="off"
            spellCheck={false}
            maxLength={200}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <kbd className="palette-esc">Esc</kbd>
        </div>
        <ul id={listId} role="listbox" aria-label="Suggestions" className="palette-list">
          {groups.map((group) => (
            <li key={group.label} role="presentation">
              <ul role="group" aria-label={group.label} className="palette-group">
                <li role="presentation" className="palette-group-label" aria-hidden="true">
                  {group.label}
                </li>
                {group.items.map((item) => (
                  <li
                    key={item.key}
                    id={optionId(item)}
                    role="option"
                    aria-selected={item === active}
                    className="palette-option"
                    // Keep focus in the input: the option is chosen on click.
                    onMouseDown={(e) => e.preventDefault()}
                    onMouseMove={() => item !== active && setActiveKey(item.key)}
                    onClick={() => choose(item)}
                  >
                    <OptionContent item={item} />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
        <p className="palette-footer">
          <span role="status" aria-live="polite">
            {loading ? 'Searching posts…' : searchable ? `${postCount} ${postCount === 1 ? 'post' : 'posts'}` : ''}
          </span>
          <span aria-hidden="true">
            <kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>Enter</kbd> to open · <kbd>Esc</kbd> to close
          </span>
        </p>
      </div>
    </dialog>
  );
}

function OptionContent({ item }: { item: Item }) {
  switch (item.kind) {
    case 'post':
      return (
        <>
          <span className="palette-title">
            {item.hit.title}
            {item.hit.heading && <span className="palette-heading"> › {item.hit.heading}</span>}
          </span>
          <SearchSnippet html={item.hit.snippet} className="palette-snippet" />
        </>
      );
    case 'series':
      return (
        <span className="palette-title">
          <span className="palette-kind">Series</span> {item.link.name}
        </span>
      );
    case 'tag':
      return <span className="palette-title">#{item.link.name}</span>;
    case 'search':
      return <span className="palette-title">See all results for “{item.q}”</span>;
    case 'ask':
      return (
        <span className="palette-title">
          <span className="palette-kind palette-kind-ai">AI</span> {item.q ? `Ask AI about “${item.q}”` : 'Ask AI a question'}
        </span>
      );
  }
}
