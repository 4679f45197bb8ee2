import { useId, useState } from 'react';

import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';

import type { AdminPost } from '../api/get-admin-post';
import { useRevision } from '../api/get-revision';
import { useRevisions, type RevisionSummary } from '../api/get-revisions';
import { useRestoreRevision } from '../api/restore-revision';
import { describeDiff } from '../utils/revision-diff';

import { RevisionDiff } from './revision-diff';

interface PostRevisionsProps {
  /** The post as saved. */
  post: AdminPost;
  /** The editor holds changes that are not saved: a restore would replace them. */
  dirty: boolean;
  /** A revision was restored: the editor shows the post as it is now. */
  onRestored: (post: AdminPost, revision: RevisionSummary) => void;
}

/** Every saved version of a post, each compared with the current text on request, and restorable. */
export function PostRevisions({ post, dirty, onRestored }: PostRevisionsProps) {
  const revisions = useRevisions(post.id);
  const [openId, setOpenId] = useState<string | null>(null);
  const headingId = useId();
  const items = revisions.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="revisions" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        Revisions
      </h2>
      <p className="muted">
        Each save keeps the title and text as a revision, newest first. Compare one with the current text, or restore it:
        the restore is saved as a new revision, so nothing is lost.
      </p>
      {revisions.isError && !revisions.data ? (
        <ErrorMessage error={revisions.error} />
      ) : !revisions.data ? (
        <Loading label="Loading the revisions…" />
      ) : items.length === 0 ? (
        <p className="muted">No revisions yet.</p>
      ) : (
        <table className="table" aria-busy={revisions.isFetching && !revisions.isFetchingNextPage}>
          <thead>
            <tr>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">Title</th>
              <th scope="col">Length</th>
            </tr>
          </thead>
          {items.map((revision) => (
            <RevisionRows
              key={revision.id}
              post={post}
              revision={revision}
              dirty={dirty}
              open={openId === revision.id}
              onToggle={() => setOpenId((current) => (current === revision.id ? null : revision.id))}
              onRestored={onRestored}
            />
          ))}
        </table>
      )}
      {revisions.isFetchNextPageError && <ErrorMessage error={revisions.error} />}
      <LoadMore
        hasNextPage={revisions.hasNextPage}
        isFetchingNextPage={revisions.isFetchingNextPage}
        fetchNextPage={revisions.fetchNextPage}
        auto={false}
      />
    </section>
  );
}

interface RevisionRowsProps {
  post: AdminPost;
  revision: RevisionSummary;
  dirty: boolean;
  open: boolean;
  onToggle: () => void;
  onRestored: PostRevisionsProps['onRestored'];
}

function RevisionRows({ post, revision, dirty, open, onToggle, onRestored }: RevisionRowsProps) {
  const detailId = `revision-${revision.id}`;
  const saved = formatDateTime(revision.created_at);
  return (
    <tbody>
      <tr>
        <td>
          <button type="button" className="link-button" aria-expanded={open} aria-controls={detailId} onClick={onToggle}>
            <time dateTime={revision.created_at}>{saved}</time>
          </button>
        </td>
        <td>{revision.author_name ?? <span className="muted">A deleted member</span>}</td>
        <td>{revision.title}</td>
        <td>{revision.characters.toLocaleString('en-GB')} characters</td>
      </tr>
      <tr className="revision-row" id={detailId} hidden={!open}>
        <td colSpan={4}>{open && <RevisionCompare post={post} revision={revision} dirty={dirty} onRestored={onRestored} />}</td>
      </tr>
    </tbody>
  );
}

function RevisionCompare({ post, revision, dirty, onRestored }: Omit<RevisionRowsProps, 'open' | 'onToggle'>) {
  const detail = useRevision(post.id, revision.id);
  const restore = useRestoreRevision();
  const saved = formatDateTime(revision.created_at);

  if (detail.isPending) return <Loading label="Comparing…" />;
  if (detail.isError) return <ErrorMessage error={detail.error} />;

  const { diff, title, title_changed: titleChanged } = detail.data;
  const summary = describeDiff(diff);
  const same = summary === null && !titleChanged;

  const onRestore = () => {
    const warning = dirty ? ' The changes you have not saved in the editor are lost.' : '';
    if (!window.confirm(`Restore the revision of ${saved}? Its title and text replace the current ones.${warning}`)) return;
    restore.mutate({ params: { path: { id: post.id, rid: revision.id } } }, { onSuccess: (restored) => onRestored(restored, revision) });
  };

  return (
    <article className="revision-detail" aria-label={`Revision of ${saved}`}>
      <h3 className="pane-title">Compared with the current text</h3>
      {titleChanged && (
        <p className="small">
          The title was “{title}”; it is “{post.title}” now.
        </p>
      )}
      {summary ? (
        <>
          <p className="small muted">Since this revision: {summary}.</p>
          <RevisionDiff diff={diff} />
        </>
      ) : (
        <p className="muted">The text is the same as the current one{titleChanged ? '; only the title differs' : ''}.</p>
      )}
      {restore.isSuccess && (
        <p className="alert alert-success" role="status">
          Restored: the editor now holds this revision's title and text.
        </p>
      )}
      <div className="actions">
        <button type="button" className="button" disabled={same || restore.isPending} onClick={onRestore}>
          {restore.isPending ? 'Restoring…' : 'Restore this revision'}
        </button>
      </div>
      {restore.isError && <ErrorMessage error={restore.error} />}
    </article>
  );
}
