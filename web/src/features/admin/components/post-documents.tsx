import { useId } from 'react';

import { ErrorMessage, Loading } from '@/components/status';

import { usePostDocuments } from '../api/get-post-documents';
import { anyReading, documentStatus } from '../utils/documents';

/** Below the editor: the PDFs attached to a saved post and whether their text is searchable. */
export function PostDocuments({ postId }: { postId: string }) {
  const documents = usePostDocuments(postId);
  const headingId = useId();

  return (
    <section className="post-documents" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        Documents
      </h2>
      <p className="muted">
        A PDF dropped into the markdown of a saved post is attached to it: its text joins the post’s search results and Ask AI sources.
      </p>
      {documents.isError && !documents.data ? (
        <ErrorMessage error={documents.error} />
      ) : !documents.data ? (
        <Loading label="Loading the documents…" />
      ) : documents.data.length === 0 ? (
        <p className="muted">No documents yet.</p>
      ) : (
        <ul className="document-list" aria-busy={anyReading(documents.data)} aria-live="polite">
          {documents.data.map((d) => (
            <li key={d.id} data-status={d.text_status ?? undefined}>
              <a href={d.url} target="_blank" rel="noreferrer">
                {d.original_name}
              </a>{' '}
              — {documentStatus(d)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
