import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';

import { useNotes } from '../api/get-notes';

import { NoteItem } from './note-item';

/** Every note of mine, newest first, each linking to the passage it is about. */
export function NoteList() {
  const notes = useNotes();
  const items = notes.data?.pages.flatMap((p) => p.items) ?? [];

  if (notes.isError && !notes.data) return <ErrorMessage error={notes.error} />;
  if (!notes.data) return <Loading label="Loading your notes…" />;

  return (
    <>
      {items.length === 0 ? (
        <p className="muted">No notes yet. Select a passage while reading a post and choose “Add note” to keep a note about it.</p>
      ) : (
        <ul className="note-list">
          {items.map((note) => (
            <li key={note.id} className="card">
              <NoteItem note={note} showPost />
            </li>
          ))}
        </ul>
      )}
      {notes.isFetchNextPageError && <ErrorMessage error={notes.error} />}
      <LoadMore hasNextPage={notes.hasNextPage} isFetchingNextPage={notes.isFetchingNextPage} fetchNextPage={notes.fetchNextPage} auto={false} />
    </>
  );
}
