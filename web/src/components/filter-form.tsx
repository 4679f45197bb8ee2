import { useState, type FormEvent, type InputHTMLAttributes } from 'react';

import { Field } from './field';

interface FilterFormProps {
  /** The form's accessible name, e.g. "Filter emails". */
  title: string;
  label: string;
  hint: string;
  name: string;
  type?: InputHTMLAttributes<HTMLInputElement>['type'];
  submitLabel: string;
  /** The filter in effect; key the form by it so back/forward shows it again. */
  initial: string;
  onApply: (value: string) => void;
}

/** A one-field search form for a list: apply a value, or clear it to show everything. */
export function FilterForm({ title, label, hint, name, type = 'search', submitLabel, initial, onApply }: FilterFormProps) {
  const [value, setValue] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(value.trim());
  };
  return (
    <form className="inline-form filter-form" onSubmit={submit} noValidate role="search" aria-label={title}>
      <Field label={label} hint={hint}>
        {(p) => <input {...p} type={type} name={name} autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="button">
          {submitLabel}
        </button>
        {initial && (
          <button type="button" className="button" onClick={() => onApply('')}>
            Show all
          </button>
        )}
      </div>
    </form>
  );
}
