import { useId, useState, type RefObject } from 'react';

import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';

import { useCreateNote } from '../api/create-note';
import { useNotes } from '../api/get-notes';
import { useNotePrompt } from '../hooks/use-note-prompt';
import type { NoteDraft } from '../utils/selection';

import { NoteForm } from './note-form';
import { NoteItem } from './note-item';

interface PostNotesProps {
  slug: string;
  /** The post's text: selecting a passage in it offers to quote it in a note. */
  textRef: RefObject<HTMLElement | null>;
}

/**
 * The signed-in reader's notes on a post, in the margin beside its text (below it on a
 * narrow screen), and the "Add note" button that appears over a selected passage.
 */
export function PostNotes({ slug, textRef }: PostNotesProps) {
  const notes = useNotes(slug);
  const create = useCreateNote();
  const { prompt, dismiss } = useNotePrompt(textRef);
  // The note being written, and a key that gives each new draft a fresh form.
  const [draft, setDraft] = useState<(NoteDraft & { key: number }) | null>(null);
  const headingId = useId();
  const items = notes.data?.pages.flatMap((p) => p.items) ?? [];

  const start = (next: NoteDraft) => {
    create.reset();
    setDraft({ ...next, key: Date.now() });
  };

  return (
    <>
      {prompt && (
        <button
          type="button"
          className="button button-small button-primary note-prompt"
          style={{ top: prompt.top, left: prompt.left }}
          // Keep the selection while the button is pressed.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            start(prompt.draft);
            dismiss();
          }}
        >
          Add note
        </button>
      )}
      <aside className="post-notes" aria-labelledby={headingId}>
        <div className="post-notes-inner">
          <div className="toolbar">
            <h2 id={headingId}>My notes</h2>
            {!draft && (
              <button type="button" className="button button-small" onClick={() => start({ quote: null, anchor: null })}>
                New note
              </button>
            )}
          </div>
          {draft ? (
            <NoteForm
              key={draft.key}
              label="Your note"
              submitLabel="Save note"
              quote={draft.quote}
              pending={create.isPending}
              error={create.error}
              onCancel={() => setDraft(null)}
              onSubmit={async (body) => {
                await create.mutateAsync({
                  body: { post: slug, body, ...(draft.quote ? { quote: draft.quote } : {}), ...(draft.anchor ? { anchor: draft.anchor } : {}) },
                });
                setDraft(null);
              }}
            />
          ) : (
            <p className="small muted">Select a passage of the post to quote it in a note. Only you can see your notes.</p>
          )}
          {notes.isError && !notes.data ? (
            <ErrorMessage error={notes.error} />
          ) : !notes.data ? (
            <Loading label="Loading your notes…" />
          ) : items.length === 0 ? (
            !draft && <p className="muted">No notes on this post yet.</p>
          ) : (
            <ul className="note-list">
              {items.map((note) => (
                <li key={note.id}>
                  <NoteItem note={note} />
                </li>
              ))}
            </ul>
          )}
          {notes.isFetchNextPageError && <ErrorMessage error={notes.error} />}
          <LoadMore hasNextPage={notes.hasNextPage} isFetchingNextPage={notes.isFetchingNextPage} fetchNextPage={notes.fetchNextPage} auto={false} />
        </div>
      </aside>
    </>
  );
}
