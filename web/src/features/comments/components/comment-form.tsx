import { useState, type FormEvent } from 'react';

import { Field, FormError } from '@/components/field';
import { toFormErrors } from '@/lib/problem';

const FIELDS = ['markdown'] as const;

interface CommentFormProps {
  label: string;
  submitLabel: string;
  /** The text to start from (an edit). */
  initial?: string;
  /** Sends the text; the form empties itself once it resolves, and shows `error` otherwise. */
  onSubmit: (markdown: string) => Promise<unknown>;
  pending: boolean;
  error: unknown;
  onCancel?: () => void;
  /** Focus the text box straight away (reply and edit forms opened by a click). */
  autoFocus?: boolean;
}

/** A markdown text box and its send button: a new comment, a reply, or an edit. */
export function CommentForm({ label, submitLabel, initial = '', onSubmit, pending, error, onCancel, autoFocus = false }: CommentFormProps) {
  const [markdown, setMarkdown] = useState(initial);
  const errors = toFormErrors(error, FIELDS);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!markdown.trim()) return;
    try {
      await onSubmit(markdown);
      setMarkdown('');
    } catch {
      // The mutation's error is shown below the form; the text stays for another try.
    }
  };

  return (
    <form className="form comment-form" onSubmit={submit} noValidate>
      <Field label={label} error={errors.fields.markdown} hint="Markdown works here: *emphasis*, `code`, links.">
        {(p) => (
          <textarea
            {...p}
            name="markdown"
            rows={4}
            required
            autoFocus={autoFocus}
            value={markdown}
            onChange={(e) => setMarkdown(e.target.value)}
          />
        )}
      </Field>
      <FormError message={errors.message} />
      <div className="actions">
        <button type="submit" className="button button-primary button-small" disabled={pending || !markdown.trim()}>
          {pending ? 'Sending…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button-small" onClick={onCancel} disabled={pending}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
