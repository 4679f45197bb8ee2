import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import { ArticleHtml } from '@/components/article-html';
import { Field } from '@/components/field';
import { ErrorMessage } from '@/components/status';
import { formatDateTime, formatTimeAgo } from '@/lib/format';

import { useCreateComment } from '../api/create-comment';
import { useDeleteComment } from '../api/delete-comment';
import { useEditComment } from '../api/edit-comment';
import { useReportComment } from '../api/report-comment';
import { commentAnchor, isPlaceholder, type CommentRow } from '../utils/threads';

import { CommentForm } from './comment-form';

/** Who is reading the comments: enough to tell their own comments and whether they moderate. */
export interface CommentViewer {
  id: string;
  isAdmin: boolean;
}

interface CommentItemProps {
  row: CommentRow;
  slug: string;
  viewer: CommentViewer | null;
  /** New comments are accepted here (open, and readable in full by this reader). */
  canWrite: boolean;
  /** Tells the section about a reply just sent (published, or held for review). */
  onReplied: (status: string) => void;
}

type Open = 'none' | 'reply' | 'edit' | 'report';

export function CommentItem({ row, slug, viewer, canWrite, onReplied }: CommentItemProps) {
  const { comment, indent, replyingTo } = row;
  const [open, setOpen] = useState<Open>('none');
  const [reported, setReported] = useState(false);
  const reply = useCreateComment(slug);
  const edit = useEditComment(slug);
  const remove = useDeleteComment(slug);

  const placeholder = isPlaceholder(comment);
  const own = viewer !== null && comment.author?.id === viewer.id;
  const name = placeholder ? 'Deleted' : (comment.author?.display_name ?? 'A deleted member');
  const anchor = commentAnchor(comment.id);
  // The API accepts replies to published comments, and to the author's own held ones.
  const canReply = canWrite && !placeholder && (comment.status === 'published' || (own && comment.status === 'pending'));
  const canReport = viewer !== null && !own && !placeholder && comment.status === 'published' && !reported;

  const onDelete = () => {
    if (!window.confirm('Delete your comment? Replies to it stay, under a placeholder.')) return;
    remove.mutate({ params: { path: { id: comment.id } } });
  };

  return (
    <li className="comment" data-indent={indent}>
      <article id={anchor} className="comment-card" aria-label={`Comment by ${name}`}>
        <p className="comment-meta">
          <span className="comment-author">{name}</span>
          <span aria-hidden="true"> · </span>
          <Link to={{ hash: anchor }} className="comment-time" title={formatDateTime(comment.created_at)}>
            <time dateTime={comment.created_at}>{formatTimeAgo(comment.created_at)}</time>
          </Link>
          {comment.edited_at && !placeholder && <span className="muted"> (edited)</span>}
          {comment.status === 'pending' && <span className="status status-pending">Awaiting moderation</span>}
          {comment.status === 'hidden' && !placeholder && <span className="status status-hidden">Hidden by a moderator</span>}
        </p>
        {replyingTo !== undefined && (
          <p className="comment-context small muted">
            <span aria-hidden="true">↳ </span>in reply to {replyingTo ?? 'a removed comment'}
          </p>
        )}
        {placeholder ? (
          <p className="comment-placeholder">This comment was deleted.</p>
        ) : open === 'edit' ? (
          <CommentForm
            label="Edit your comment"
            submitLabel="Save"
            initial={comment.markdown ?? ''}
            autoFocus
            pending={edit.isPending}
            error={edit.error}
            onCancel={() => setOpen('none')}
            onSubmit={async (markdown) => {
              await edit.mutateAsync({ params: { path: { id: comment.id } }, body: { markdown } });
              setOpen('none');
            }}
          />
        ) : (
          <ArticleHtml html={comment.html} className="prose comment-body" />
        )}
        {comment.status === 'pending' && own && (
          <p className="small muted">Only you can see this until a moderator approves it.</p>
        )}
        {comment.status === 'hidden' && own && !placeholder && (
          <p className="small muted">A moderator hid this comment; only you can see it.</p>
        )}
        {viewer && open !== 'edit' && (canReply || comment.can_edit || (own && !placeholder) || canReport) && (
          <div className="comment-actions">
            {canReply && (
              <button type="button" className="link-button" aria-expanded={open === 'reply'} onClick={() => setOpen(open === 'reply' ? 'none' : 'reply')}>
                Reply
              </button>
            )}
            {comment.can_edit && (
              <button type="button" className="link-button" onClick={() => setOpen('edit')}>
                Edit
              </button>
            )}
            {own && !placeholder && (
              <button type="button" className="link-button" disabled={remove.isPending} onClick={onDelete}>
                Delete
              </button>
            )}
            {canReport && (
              <button type="button" className="link-button" aria-expanded={open === 'report'} onClick={() => setOpen(open === 'report' ? 'none' : 'report')}>
                Report
              </button>
            )}
          </div>
        )}
        {remove.isError && <ErrorMessage error={remove.error} />}
        {reported && (
          <p className="small muted" role="status">
            Reported. Thank you; a moderator will take a look.
          </p>
        )}
        {open === 'reply' && (
          <CommentForm
            label={`Reply to ${name}`}
            submitLabel="Post reply"
            autoFocus
            pending={reply.isPending}
            error={reply.error}
            onCancel={() => setOpen('none')}
            onSubmit={async (markdown) => {
              const sent = await reply.mutateAsync({ params: { path: { slug } }, body: { markdown, parent_id: comment.id } });
              setOpen('none');
              onReplied(sent.status);
            }}
          />
        )}
        {open === 'report' && (
          <ReportForm
            commentId={comment.id}
            onCancel={() => setOpen('none')}
            onDone={() => {
              setOpen('none');
              setReported(true);
            }}
          />
        )}
      </article>
    </li>
  );
}

function ReportForm({ commentId, onCancel, onDone }: { commentId: string; onCancel: () => void; onDone: () => void }) {
  const report = useReportComment();
  const [reason, setReason] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    report.mutate({ params: { path: { id: commentId } }, body: { reason: reason.trim() } }, { onSuccess: onDone });
  };

  return (
    <form className="inline-form comment-form" onSubmit={submit} noValidate>
      <Field label="Why should a moderator look at this comment?">
        {(p) => <input {...p} name="reason" required autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="submit" className="button button-small" disabled={report.isPending || !reason.trim()}>
        Send report
      </button>
      <button type="button" className="button button-small" onClick={onCancel}>
        Cancel
      </button>
      {report.isError && <ErrorMessage error={report.error} />}
    </form>
  );
}
