import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';

import { useUnreadCount } from '../api/get-unread-count';
import { useReadAllNotifications } from '../api/read-all-notifications';
import { useNotificationStream } from '../hooks/use-notification-stream';

import { NotificationList } from './notification-list';

/**
 * The header's bell for a signed-in reader: the unread count, kept live by the notification
 * stream, and a drop-down with the latest notifications.
 */
export function NotificationBell() {
  useNotificationStream(true);
  const unread = useUnreadCount();
  const readAll = useReadAllNotifications();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const count = unread.data?.unread ?? 0;

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  return (
    <div className="notification-bell" ref={root}>
      <button
        ref={button}
        type="button"
        className="button button-small bell-button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={count > 0 ? `Notifications, ${count} unread` : 'Notifications'}
        onClick={() => setOpen((was) => !was)}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16">
          <path
            d="M10 2.5a5 5 0 0 0-5 5v3.2L3.5 13.5h13L15 10.7V7.5a5 5 0 0 0-5-5Z"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinejoin="round"
          />
          <path d="M8 16a2 2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
        {count > 0 && (
          <span className="bell-badge" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <section id={panelId} className="notification-panel" aria-labelledby={`${panelId}-title`}>
          <div className="notification-panel-header">
            <h2 id={`${panelId}-title`}>Notifications</h2>
            <button type="button" className="link-button" disabled={count === 0 || readAll.isPending} onClick={() => readAll.mutate({})}>
              Mark all read
            </button>
          </div>
          <NotificationList compact onFollow={() => setOpen(false)} />
          <p className="notification-panel-footer">
            <Link to="/notifications" onClick={() => setOpen(false)}>
              All notifications
            </Link>
          </p>
        </section>
      )}
    </div>
  );
}
