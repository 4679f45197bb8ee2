import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';

import { useModerationQueue, type ModerationQueue, type QueuedComment } from '../api/get-moderation-queue';
import { useApproveComment, useCommentBan, useDeleteComment, useHideComment } from '../api/moderate-comment';

const TABS: { label: string; status: ModerationQueue; empty: string }[] = [
  { label: 'Pending', status: 'pending', empty: 'No comments are waiting for review.' },
  { label: 'Reported', status: 'reported', empty: 'No comments have open reports.' },
  { label: 'Hidden', status: 'hidden', empty: 'No comments are hidden.' },
];

function isQueue(value: string | null): value is ModerationQueue {
  return value === 'pending' || value === 'reported' || value === 'hidden';
}

/** The moderation queue: held, reported and hidden comments, and what a moderator can do about each. */
export function AdminModeration() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isQueue(raw) ? raw : 'pending';
  const queue = useModerationQueue(status);
  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];
  const tab = TABS.find((t) => t.status === status) ?? TABS[0]!;

  return (
    <section>
      <div className="toolbar">
        <h1>Comments</h1>
        <button type="button" className="button button-small" disabled={queue.isFetching} onClick={() => void queue.refetch()}>
          Refresh
        </button>
      </div>
      <p className="muted">
        Comments held by the moderation rules, reported by readers, or hidden by a moderator, oldest first. Approving
        publishes a comment and settles its reports.
      </p>
      <div className="tabs" role="group" aria-label="Queue">
        {TABS.map((t) => (
          <button
            key={t.status}
            type="button"
            className="tab"
            aria-pressed={t.status === status}
            onClick={() => setParams(t.status === 'pending' ? {} : { status: t.status })}
          >
            {t.label}
          </button>
        ))}
      </div>
      {queue.isError && !queue.data ? (
        <ErrorMessage error={queue.error} />
      ) : !queue.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="muted">{tab.empty}</p>
      ) : (
        <ul className="moderation-list" aria-busy={queue.isFetching && !queue.isFetchingNextPage}>
          {items.map((item) => (
            <li key={item.comment.id}>
              <QueuedCommentCard item={item} queue={status} />
            </li>
          ))}
        </ul>
      )}
      {queue.isFetchNextPageError && <ErrorMessage error={queue.error} />}
      <LoadMore hasNextPage={queue.hasNextPage} isFetchingNextPage={queue.isFetchingNextPage} fetchNextPage={queue.fetchNextPage} auto={false} />
    </section>
  );
}

function QueuedCommentCard({ item, queue }: { item: QueuedComment; queue: ModerationQueue }) {
  const { comment } = item;
  const approve = useApproveComment();
  const hide = useHideComment();
  const remove = useDeleteComment();
  const { ban, unban } = useCommentBan();
  const [banned, setBanned] = useState(false);
  const author = comment.author;
  const name = author?.display_name ?? 'A deleted member';
  const path = { params: { path: { id: comment.id } } };
  const busy = approve.isPending || hide.isPending || remove.isPending;
  const error = approve.error ?? hide.error ?? remove.error ?? ban.error ?? unban.error;

  const onDelete = () => {
    if (!window.confirm(`Delete this comment by ${name}? Its text is gone for good; replies stay under a placeholder.`)) return;
    remove.mutate(path);
  };
  const onBan = () => {
    if (!author) return;
    const reason = window.prompt(`Ban ${name} from commenting? Their comments awaiting review are hidden.\n\nReason (optional):`);
    if (reason === null) return;
    ban.mutate(
      { params: { path: { id: author.id } }, body: reason.trim() ? { reason: reason.trim() } : {} },
      { onSuccess: () => setBanned(true) },
    );
  };

  return (
    <article className="card moderation-item" aria-label={`Comment by ${name} on ${item.post_title}`}>
      <p className="meta">
        <Link to={`/posts/${item.post_slug}#comment-${comment.id}`}>{item.post_title}</Link>
        <span aria-hidden="true"> · </span>
        <span>
          {name}
          {item.author_email && <span className="muted"> ({item.author_email})</span>}
        </span>
        <span aria-hidden="true"> · </span>
        <time dateTime={comment.created_at}>{formatDateTime(comment.created_at)}</time>
        {comment.depth > 0 && <span className="muted"> · a reply</span>}
        <span className={`status status-${comment.status}`}>{comment.status}</span>
      </p>
      {item.held_reason && (
        <p className="small">
          <strong>Held:</strong> {item.held_reason}
        </p>
      )}
      {item.reports.length > 0 && (
        <div className="small">
          <strong>
            {item.reports.length} {item.reports.length === 1 ? 'report' : 'reports'}:
          </strong>
          <ul className="moderation-reports">
            {item.reports.map((r) => (
              <li key={`${r.reporter_id}-${r.created_at}`}>
                “{r.reason}” <span className="muted">· {formatDateTime(r.created_at)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <pre className="moderation-markdown">{item.markdown}</pre>
      <div className="actions">
        <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => approve.mutate(path)}>
          {queue === 'hidden' ? 'Publish again' : 'Approve'}
        </button>
        {queue !== 'hidden' && (
          <button type="button" className="button button-small" disabled={busy} onClick={() => hide.mutate(path)}>
            Hide
          </button>
        )}
        <button type="button" className="button button-small button-danger" disabled={busy} onClick={onDelete}>
          Delete
        </button>
        {author &&
          (banned ? (
            <button
              type="button"
              className="button button-small"
              disabled={unban.isPending}
              onClick={() => unban.mutate({ params: { path: { id: author.id } } }, { onSuccess: () => setBanned(false) })}
            >
              Lift ban on {name}
            </button>
          ) : (
            <button type="button" className="button button-small button-danger" disabled={ban.isPending} onClick={onBan}>
              Ban author
            </button>
          ))}
      </div>
      {banned && (
        <p className="small" role="status">
          {name} can no longer comment.
        </p>
      )}
      {error != null && <ErrorMessage error={error} />}
    </article>
  );
}
