import { ErrorMessage } from '@/components/status';

import { useUnreadCount } from '../api/get-unread-count';
import { useReadAllNotifications } from '../api/read-all-notifications';

import { NotificationList } from './notification-list';

/** Every notification of mine, with "mark all read". */
export function NotificationsPage() {
  const unread = useUnreadCount();
  const readAll = useReadAllNotifications();
  const count = unread.data?.unread ?? 0;
  return (
    <section>
      <div className="toolbar">
        <h1>Notifications</h1>
        <button type="button" className="button button-small" disabled={count === 0 || readAll.isPending} onClick={() => readAll.mutate({})}>
          Mark all read
        </button>
      </div>
      <p className="muted">Replies to your comments, moderators' decisions about them, and new posts in the series you follow.</p>
      {readAll.isError && <ErrorMessage error={readAll.error} />}
      <NotificationList />
    </section>
  );
}
