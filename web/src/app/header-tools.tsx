import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';

import { openAsk } from '@/features/ask/stores/ask-panel';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { NotificationBell } from '@/features/notifications/components/notification-bell';
import { CommandPalette } from '@/features/search/components/command-palette';
import { useSeriesOptions } from '@/features/series/api/get-series-options';
import { tagsQueryOptions } from '@/features/tags/api/get-tags';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * The header's search and Ask AI buttons, and the command palette they (and Ctrl-K / ⌘K on
 * any page) open. The series and tag lists load the first time the palette opens. Signed-in
 * readers also get the notifications bell.
 */
export function HeaderTools() {
  const { isSignedIn } = useCurrentUser();
  const [open, setOpen] = useState(false);
  const [wanted, setWanted] = useState(false);
  const tags = useQuery({ ...tagsQueryOptions(), enabled: wanted });
  const series = useSeriesOptions({ enabled: wanted });

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setWanted(true);
        setOpen((was) => !was);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const seriesLinks = useMemo(() => (series.data?.items ?? []).map((s) => ({ slug: s.slug, name: s.title })), [series.data]);
  const tagLinks = useMemo(() => (tags.data ?? []).map((t) => ({ slug: t.slug, name: t.name })), [tags.data]);

  return (
    <div className="header-tools">
      <button
        type="button"
        className="button button-small search-button"
        aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
        onClick={() => {
          setWanted(true);
          setOpen(true);
        }}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" width="14" height="14">
          <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="m13 13 4.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        Search
        <kbd aria-hidden="true">{isMac ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      <button type="button" className="button button-small" onClick={() => openAsk()}>
        Ask AI
      </button>
      {isSignedIn && <NotificationBell />}
      {open && (
        <CommandPalette
          series={seriesLinks}
          tags={tagLinks}
          onAsk={(question) => openAsk({ question })}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}
