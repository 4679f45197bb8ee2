import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Link, useLocation } from 'react-router';

import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';
import { highlightSection } from '@/lib/section-highlight';

import { useCreateComment } from '../api/create-comment';
import { useComments, type CommentThread } from '../api/get-comments';
import { useSetCommentsClosed } from '../api/set-comments-closed';
import { commentAnchor, commentIdFromHash, hasComment, threadRows } from '../utils/threads';

import { CommentForm } from './comment-form';
import { CommentItem, type CommentViewer } from './comment-item';

interface CommentsSectionProps {
  slug: string;
  postId: string;
  /** The signed-in reader, null for an anonymous one, undefined while that is not known yet. */
  viewer: CommentViewer | null | undefined;
  /** A premium post this reader sees only the teaser of: they may read comments, not write them. */
  locked: boolean;
}

/** The discussion under a post: its threads, and forms to comment, reply, edit and report. */
export function CommentsSection({ slug, postId, viewer, locked }: CommentsSectionProps) {
  const comments = useComments(slug);
  const create = useCreateComment(slug);
  const closing = useSetCommentsClosed(slug);
  const location = useLocation();
  const sectionRef = useRef<HTMLElement>(null);
  // What became of the reader's last comment or reply: published, or held for review.
  const [sent, setSent] = useState<string | null>(null);

  const pages = comments.data?.pages;
  const threads = useMemo(() => pages?.flatMap((p) => p.items) ?? [], [pages]);
  const rows = useMemo(() => threadRows(threads), [threads]);
  const first = pages?.[0];
  const closed = first?.closed ?? false;
  const canWrite = viewer != null && !closed && !locked;

  useLinkedComment(comments, threads, sectionRef, location.hash, location.key);

  const next = encodeURIComponent(location.pathname);

  return (
    <section className="comments" id="comments" aria-labelledby="comments-title" ref={sectionRef}>
      <div className="toolbar">
        <h2 id="comments-title">{first && first.count > 0 ? `Comments (${first.count})` : 'Comments'}</h2>
        {viewer?.isAdmin && first && (
          <button
            type="button"
            className="button button-small"
            disabled={closing.isPending}
            onClick={() => (closed ? closing.open : closing.close).mutate({ params: { path: { id: postId } } })}
          >
            {closed ? 'Reopen comments' : 'Close comments'}
          </button>
        )}
      </div>
      {closing.error != null && <ErrorMessage error={closing.error} />}
      {closed && <p className="alert">Comments are closed on this post.</p>}
      {!closed &&
        first &&
        viewer !== undefined &&
        (viewer === null ? (
          <p>
            <Link to={`/login?next=${next}`}>Sign in</Link> or <Link to={`/register?next=${next}`}>create an account</Link> to
            join the discussion.
          </p>
        ) : locked ? (
          <p className="muted">The discussion of a premium post is open to premium members.</p>
        ) : (
          <CommentForm
            label="Add a comment"
            submitLabel="Post comment"
            pending={create.isPending}
            error={create.error}
            onSubmit={async (markdown) => {
              setSent(null);
              const comment = await create.mutateAsync({ params: { path: { slug } }, body: { markdown } });
              setSent(comment.status);
            }}
          />
        ))}
      {sent && (
        <p className={`alert ${sent === 'pending' ? 'alert-warning' : 'alert-success'}`} role="status">
          {sent === 'pending'
            ? 'Thank you! Your comment is awaiting moderation: others will see it once a moderator approves it.'
            : 'Your comment is published.'}
        </p>
      )}
      {comments.isError && !comments.data ? (
        <ErrorMessage error={comments.error} />
      ) : !comments.data ? (
        <Loading label="Loading the comments…" />
      ) : rows.length === 0 ? (
        <p className="muted">{closed ? 'There are no comments.' : 'No comments yet.'}</p>
      ) : (
        <ol className="comment-list" aria-label="Comment threads">
          {rows.map((row) => (
            <CommentItem key={row.comment.id} row={row} slug={slug} viewer={viewer ?? null} canWrite={canWrite} onReplied={setSent} />
          ))}
        </ol>
      )}
      {comments.isFetchNextPageError && <ErrorMessage error={comments.error} />}
      <LoadMore
        hasNextPage={comments.hasNextPage}
        isFetchingNextPage={comments.isFetchingNextPage}
        fetchNextPage={comments.fetchNextPage}
        auto={false}
        label="Load more threads"
      />
    </section>
  );
}

type CommentsQuery = ReturnType<typeof useComments>;

/**
 * A link to `#comment-<id>` (a notification, a permalink) scrolls to that comment and
 * highlights it, loading further pages until it turns up and, when it is not on any,
 * asking once more (it may be newer than the list on screen). Once per navigation.
 */
function useLinkedComment(
  comments: CommentsQuery,
  threads: readonly CommentThread[],
  sectionRef: RefObject<HTMLElement | null>,
  hash: string,
  locationKey: string,
) {
  const target = commentIdFromHash(hash);
  const handled = useRef<{ key: string; refetched: boolean; done: boolean } | null>(null);
  const { data, hasNextPage, isFetching, fetchNextPage, refetch } = comments;

  useEffect(() => {
    if (!target || !data || isFetching) return;
    if (handled.current?.key !== locationKey) handled.current = { key: locationKey, refetched: false, done: false };
    const state = handled.current;
    if (state.done) return;
    if (hasComment(threads, target)) {
      state.done = true;
      if (sectionRef.current) highlightSection(sectionRef.current, commentAnchor(target));
    } else if (hasNextPage) {
      void fetchNextPage();
    } else if (!state.refetched) {
      state.refetched = true;
      void refetch();
    } else {
      state.done = true;
    }
  }, [target, locationKey, data, threads, isFetching, hasNextPage, fetchNextPage, refetch, sectionRef]);
}
