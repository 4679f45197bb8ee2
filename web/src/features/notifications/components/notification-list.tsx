import { Link } from 'react-router';

import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';
import { formatDateTime, formatTimeAgo } from '@/lib/format';
import { isSafePath } from '@/lib/return-to';

import { useDismissNotification } from '../api/dismiss-notification';
import { useNotifications, type Notification } from '../api/get-notifications';
import { useReadNotification } from '../api/read-notification';

interface NotificationListProps {
  /** The header's drop-down: the first page only, and no infinite scrolling. */
  compact?: boolean;
  /** Called after a notification's link is followed (the drop-down closes). */
  onFollow?: () => void;
}

/** My notifications, newest first, each with its link and buttons to mark it read or dismiss it. */
export function NotificationList({ compact = false, onFollow }: NotificationListProps) {
  const notifications = useNotifications();
  const items = notifications.data?.pages.flatMap((p) => p.items) ?? [];
  const shown = compact ? items.slice(0, 8) : items;

  if (notifications.isError && !notifications.data) return <ErrorMessage error={notifications.error} />;
  if (!notifications.data) return <Loading label="Loading your notifications…" />;
  if (items.length === 0) {
    return <p className="muted notification-empty">Nothing yet. Replies to your comments and new posts in series you follow show up here.</p>;
  }

  return (
    <>
      <ul className="notification-list">
        {shown.map((n) => (
          <NotificationItem key={n.id} notification={n} onFollow={onFollow} />
        ))}
      </ul>
      {!compact && (
        <>
          {notifications.isFetchNextPageError && <ErrorMessage error={notifications.error} />}
          <LoadMore
            hasNextPage={notifications.hasNextPage}
            isFetchingNextPage={notifications.isFetchingNextPage}
            fetchNextPage={notifications.fetchNextPage}
          />
        </>
      )}
    </>
  );
}

function NotificationItem({ notification: n, onFollow }: { notification: Notification; onFollow: (() => void) | undefined }) {
  const read = useReadNotification();
  const dismiss = useDismissNotification();
  const markRead = () => {
    if (!n.read) read.mutate({ params: { path: { id: n.id } } });
  };
  // The link is an app path; anything else is shown without one.
  const link = isSafePath(n.link) ? n.link : null;

  return (
    <li className={n.read ? 'notification' : 'notification is-unread'}>
      <p className="notification-title">
        {!n.read && <span className="visually-hidden">Unread: </span>}
        {link ? (
          <Link
            to={link}
            onClick={() => {
              markRead();
              onFollow?.();
            }}
          >
            {n.title}
          </Link>
        ) : (
          n.title
        )}
      </p>
      {n.body && <p className="notification-body">{n.body}</p>}
      <p className="notification-meta">
        <time dateTime={n.created_at} title={formatDateTime(n.created_at)}>
          {formatTimeAgo(n.created_at)}
        </time>
        {!n.read && (
          <button type="button" className="link-button" onClick={markRead} disabled={read.isPending}>
            Mark read
          </button>
        )}
        <button
          type="button"
          className="link-button"
          onClick={() => dismiss.mutate({ params: { path: { id: n.id } } })}
          disabled={dismiss.isPending}
        >
          Dismiss
        </button>
      </p>
      {(read.isError || dismiss.isError) && <ErrorMessage error={read.error ?? dismiss.error} />}
    </li>
  );
}
