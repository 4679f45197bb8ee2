import { useId, useState, type FormEvent } from 'react';

/** The search page's query box; submitting puts the query in the URL. */
export function SearchForm({ initial, onSearch }: { initial: string; onSearch: (q: string) => void }) {
  const [value, setValue] = useState(initial);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(value.trim());
  };
  return (
    <form className="search-form" role="search" aria-label="Search posts" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        Search posts
      </label>
      <input
        id={id}
        type="search"
        name="q"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="Search posts, e.g. closures or keyset pagination"
        autoComplete="off"
        maxLength={200}
        enterKeyHint="search"
      />
      <button type="submit" className="button button-primary">
        Search
      </button>
    </form>
  );
}
