import { useState } from 'react';
import { Link } from 'react-router';

import { LinkifiedText } from '@/components/linkified-text';
import { ErrorMessage } from '@/components/status';
import { formatDateTime, formatTimeAgo } from '@/lib/format';

import { useDeleteNote } from '../api/delete-note';
import type { Note } from '../api/get-notes';
import { useUpdateNote } from '../api/update-note';
import { notePath } from '../utils/selection';

import { NoteForm } from './note-form';

interface NoteItemProps {
  note: Note;
  /** Name the post the note is on (the list of all notes); on the post itself, link to the section instead. */
  showPost?: boolean;
}

/** One note: the passage it quotes, its text, and ways to change or delete it. */
export function NoteItem({ note, showPost = false }: NoteItemProps) {
  const [editing, setEditing] = useState(false);
  const update = useUpdateNote();
  const remove = useDeleteNote();
  const edited = note.updated_at !== note.created_at;

  const onDelete = () => {
    if (!window.confirm('Delete this note? This cannot be undone.')) return;
    remove.mutate({ params: { path: { id: note.id } } });
  };

  return (
    <article className="note" aria-label={`Note on ${note.post.title}`}>
      {showPost && (
        <h2 className="note-post">
          <Link to={notePath(note)}>{note.post.title}</Link>
        </h2>
      )}
      {editing ? (
        <NoteForm
          label="Edit your note"
          submitLabel="Save"
          quote={note.quote}
          initial={note.body}
          pending={update.isPending}
          error={update.error}
          onCancel={() => {
            update.reset();
            setEditing(false);
          }}
          onSubmit={async (body) => {
            await update.mutateAsync({ params: { path: { id: note.id } }, body: { body } });
            setEditing(false);
          }}
        />
      ) : (
        <>
          {note.quote && <blockquote className="note-quote">{note.quote}</blockquote>}
          <p className="note-body">
            <LinkifiedText text={note.body} />
          </p>
          <p className="note-meta">
            <time dateTime={note.created_at} title={formatDateTime(note.created_at)}>
              {formatTimeAgo(note.created_at)}
            </time>
            {edited && <span> (edited)</span>}
            {!showPost && note.anchor && <Link to={{ hash: note.anchor }}>Go to the section</Link>}
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" className="link-button" disabled={remove.isPending} onClick={onDelete}>
              Delete
            </button>
          </p>
        </>
      )}
      {remove.isError && <ErrorMessage error={remove.error} />}
    </article>
  );
}
