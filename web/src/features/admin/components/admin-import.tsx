import { useState, type FormEvent } from 'react';

import { ErrorMessage } from '@/components/status';

import { useImport } from '../api/get-import';
import { rawBody, useStartImport, type ImportFormat } from '../api/start-import';

const FORMATS: { value: ImportFormat; label: string }[] = [
  { value: 'ghost', label: 'Ghost JSON export' },
  { value: 'wordpress', label: 'WordPress WXR file' },
  { value: 'markdown', label: 'One markdown file with front matter' },
];

export function AdminImport() {
  const [format, setFormat] = useState<ImportFormat>('ghost');
  const [file, setFile] = useState<File | null>(null);
  const start = useStartImport();
  const status = useImport(start.data?.id ?? null);
  const current = status.data ?? start.data;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    start.mutate({
      params: { query: { format } },
      body: file as unknown as string,
      bodySerializer: rawBody,
      headers: { 'Content-Type': 'application/octet-stream' },
    });
  };

  const summary = current?.summary;
  const percent = summary && summary.total > 0 ? Math.round((summary.done / summary.total) * 100) : 0;
  return (
    <section>
      <h1>Import</h1>
      <p className="muted">
        Bring posts in from another blog. Posts are matched by slug, so importing the same export again changes nothing. Files up to 4 MiB; a
        larger export, or a whole folder of markdown files, imports with <code>lectern import</code>.
      </p>
      <form onSubmit={submit} className="stack">
        <label>
          Format{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value as ImportFormat)}>
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Export file <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" className="button" disabled={!file || start.isPending || current?.state === 'running'}>
          Import
        </button>
      </form>
      {start.isError && <ErrorMessage error={start.error} />}
      {current && summary && (
        <div aria-live="polite">
          <progress max={100} value={percent} aria-label="Import progress" /> {summary.done}/{summary.total} posts
          {current.state === 'done' && (
            <p>
              Done: {summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged, {summary.redirects} old URLs
              redirected.
            </p>
          )}
          {current.state === 'failed' && <ErrorMessage>{current.error ?? 'The import failed.'}</ErrorMessage>}
          {summary.warnings.length > 0 && (
            <>
              <h2>Warnings</h2>
              <ul>
                {summary.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
          {summary.images.length > 0 && (
            <>
              <h2>Images the export references</h2>
              <p className="muted">They were not copied: they stay where the old blog keeps them.</p>
              <ul>
                {summary.images.map((i) => (
                  <li key={i}>
                    <code>{i}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
