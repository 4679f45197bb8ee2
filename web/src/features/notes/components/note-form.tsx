import { useState, type FormEvent } from 'react';

import { Field, FormError } from '@/components/field';
import { toFormErrors } from '@/lib/problem';

const FIELDS = ['body'] as const;

interface NoteFormProps {
  label: string;
  submitLabel: string;
  /** The passage the note is about, shown above the text box. */
  quote?: string | null;
  /** The text to start from (an edit). */
  initial?: string;
  /** Sends the text; shows `error` when it fails, and keeps the text for another try. */
  onSubmit: (body: string) => Promise<unknown>;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
}

/** A note's text box, under the passage it quotes: a new note, or an edit. */
export function NoteForm({ label, submitLabel, quote, initial = '', onSubmit, pending, error, onCancel }: NoteFormProps) {
  const [body, setBody] = useState(initial);
  const errors = toFormErrors(error, FIELDS);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    try {
      await onSubmit(body.trim());
    } catch {
      // The mutation's error is shown below the form; the text stays for another try.
    }
  };

  return (
    <form className="form note-form" onSubmit={submit} noValidate>
      {quote && (
        <figure className="note-quote-preview">
          <figcaption className="small muted">Quoting</figcaption>
          <blockquote className="note-quote">{quote}</blockquote>
        </figure>
      )}
      <Field label={label} error={errors.fields.body} hint="Only you can see your notes.">
        {(p) => (
          <textarea
            {...p}
            name="body"
            rows={4}
            required
            maxLength={10000}
            autoFocus
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        )}
      </Field>
      <FormError message={errors.message} />
      <div className="actions">
        <button type="submit" className="button button-primary button-small" disabled={pending || !body.trim()}>
          {pending ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="button button-small" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
