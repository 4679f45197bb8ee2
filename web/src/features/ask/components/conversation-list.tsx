import { ErrorMessage } from '@/components/status';
import { formatDateTime } from '@/lib/format';

import { useDeleteConversation } from '../api/delete-conversation';
import { useConversations } from '../api/get-conversations';

interface ConversationListProps {
  activeId: string | null;
  onOpen: (id: string) => void;
  /** The conversation with this id was deleted. */
  onDeleted: (id: string) => void;
}

/** The reader's past conversations: open one, or delete it. */
export function ConversationList({ activeId, onOpen, onDeleted }: ConversationListProps) {
  const list = useConversations({ enabled: true });
  const remove = useDeleteConversation();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <nav className="ask-history" aria-label="Your conversations">
      <h3 className="ask-history-title">Your conversations</h3>
      {list.isError && !list.data ? (
        <ErrorMessage error={list.error} />
      ) : !list.data ? (
        <p className="muted small">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted small">Questions you ask are kept here.</p>
      ) : (
        <ul>
          {items.map((c) => (
            <li key={c.id} className={c.id === activeId ? 'is-active' : undefined}>
              <button
                type="button"
                className="ask-history-open"
                aria-current={c.id === activeId ? 'true' : undefined}
                onClick={() => onOpen(c.id)}
              >
                <span className="ask-history-name">{c.title}</span>
                <time className="muted small" dateTime={c.updated_at}>
                  {formatDateTime(c.updated_at)}
                </time>
              </button>
              <button
                type="button"
                className="ask-history-delete"
                aria-label={`Delete “${c.title}”`}
                title="Delete"
                disabled={remove.isPending}
                onClick={() => {
                  if (!window.confirm(`Delete the conversation “${c.title}”?`)) return;
                  remove.mutate({ params: { path: { id: c.id } } }, { onSuccess: () => onDeleted(c.id) });
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <ErrorMessage error={remove.error} />}
      {list.hasNextPage && (
        <button type="button" className="link-button small" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {list.isFetchingNextPage ? 'Loading…' : 'Older conversations'}
        </button>
      )}
    </nav>
  );
}
