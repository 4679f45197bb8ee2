import type { components } from '@/api/schema';

type Comment = components['schemas']['Comment'];
type CommentThread = components['schemas']['CommentThread'];

/** Replies deeper than this are drawn at this indent, so deep threads stay readable on a phone. */
export const MAX_INDENT = 4;

/** One comment as the thread view draws it. */
export interface CommentRow {
  comment: Comment;
  /** How far to indent it: its depth, capped at MAX_INDENT. */
  indent: number;
  /**
   * Whom it answers, when the indent no longer shows it (the reply is deeper than the cap):
   * the parent's author, or null for a parent without one (deleted). Undefined otherwise.
   */
  replyingTo?: string | null;
}

/** The anchor a comment's element carries, and a notification's link points at. */
export function commentAnchor(id: string): string {
  return `comment-${id}`;
}

/** The comment id a `#comment-<id>` location hash names, or null. */
export function commentIdFromHash(hash: string): string | null {
  const match = /^#comment-([0-9a-fA-F-]{1,64})$/.exec(hash);
  return match?.[1] ?? null;
}

export function indentFor(depth: number): number {
  return Math.min(Math.max(0, Math.trunc(depth)), MAX_INDENT);
}

/** A comment that only holds its place in the thread: deleted, or removed from view. */
export function isPlaceholder(comment: Comment): boolean {
  return comment.status === 'deleted' || comment.html.trim() === '';
}

/**
 * The threads of the loaded pages as one list of rows in reading order: each top-level
 * comment, then its replies (the API already orders them so each follows the comment it
 * answers). A thread that appears on two pages (the list changed between them) is drawn once.
 */
export function threadRows(threads: readonly CommentThread[]): CommentRow[] {
  const rows: CommentRow[] = [];
  const seen = new Set<string>();
  for (const thread of threads) {
    if (seen.has(thread.comment.id)) continue;
    seen.add(thread.comment.id);
    const byId = new Map<string, Comment>([[thread.comment.id, thread.comment]]);
    rows.push({ comment: thread.comment, indent: indentFor(thread.comment.depth) });
    for (const reply of thread.replies) {
      byId.set(reply.id, reply);
      const row: CommentRow = { comment: reply, indent: indentFor(reply.depth) };
      if (reply.depth > MAX_INDENT && reply.parent_id) {
        const parent = byId.get(reply.parent_id);
        row.replyingTo = parent && !isPlaceholder(parent) ? (parent.author?.display_name ?? null) : null;
      }
      rows.push(row);
    }
  }
  return rows;
}

/** Whether any loaded thread holds the comment with this id. */
export function hasComment(threads: readonly CommentThread[], id: string): boolean {
  return threads.some((t) => t.comment.id === id || t.replies.some((r) => r.id === id));
}
