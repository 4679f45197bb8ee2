import { useId } from 'react';

import { ErrorMessage, Loading } from '@/components/status';

import { useSearchStatus } from '../api/get-search-status';
import { useReindexSearch } from '../api/reindex-search';

/** Admin → Jobs: the search index at a glance, and a button to rebuild it. */
export function SearchIndexStatus() {
  const status = useSearchStatus();
  const reindex = useReindexSearch();
  const headingId = useId();
  const s = status.data;

  return (
    <section className="card index-status" aria-labelledby={headingId}>
      <div className="toolbar">
        <h2 id={headingId} className="card-title">
          Search index
        </h2>
        <div className="actions">
          <button type="button" className="button button-small" disabled={status.isFetching} onClick={() => void status.refetch()}>
            Refresh
          </button>
          <button
            type="button"
            className="button button-small button-primary"
            disabled={reindex.isPending}
            onClick={() => {
              reindex.reset();
              reindex.mutate({});
            }}
          >
            {reindex.isPending ? 'Queuing…' : 'Reindex'}
          </button>
        </div>
      </div>
      {reindex.isSuccess && (
        <p className="alert alert-success" role="status">
          Reindex queued; the numbers below update as a worker rebuilds the index.
        </p>
      )}
      {reindex.isError && <ErrorMessage error={reindex.error} />}
      {status.isPending ? (
        <Loading />
      ) : status.isError ? (
        <ErrorMessage error={status.error} />
      ) : (
        s && (
          <>
            {s.model_missing && (
              <p className="alert alert-warning" role="note">
                {s.model_missing}
              </p>
            )}
            <dl className="details" aria-busy={status.isFetching}>
              <dt>Embedding model</dt>
              <dd>{s.model ? <code>{s.model}</code> : <span className="muted">None: keyword search only</span>}</dd>
              <dt>Posts indexed</dt>
              <dd>{s.posts_indexed}</dd>
              <dt>Chunks</dt>
              <dd>{s.chunks}</dd>
              <dt>Chunks embedded</dt>
              <dd>
                {s.chunks_embedded} of {s.chunks}
                {s.chunks > 0 && <span className="muted"> ({Math.floor((s.chunks_embedded / s.chunks) * 100)}%)</span>}
              </dd>
              <dt>Posts waiting</dt>
              <dd>{s.posts_waiting === 0 ? 'None' : s.posts_waiting}</dd>
              <dt>Vectors loaded</dt>
              <dd>{s.vectors_loaded}</dd>
            </dl>
          </>
        )
      )}
    </section>
  );
}
