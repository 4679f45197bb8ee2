import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { components } from '@/api/schema';
import { Field } from '@/components/field';
import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { useDebouncedValue } from '@/hooks/use-debounced-value';
import { formatDateTime } from '@/lib/format';

import { useAdminUsers, type AdminUserSummary } from '../api/get-admin-users';
import { useUserActivity } from '../api/get-user-activity';
import { useCommentBan } from '../api/moderate-comment';
import { useUpdateUser } from '../api/update-user';
import { describeActivity, MAX_SEARCH_LENGTH, userSearchTerm } from '../utils/users';

type Role = components['schemas']['Role'];

const ROLES: readonly Role[] = ['reader', 'admin'];
/** The search waits for typing to pause this long before asking. */
const SEARCH_DEBOUNCE_MS = 300;
/** The table's columns, for the rows that span it. */
const COLUMNS = 7;

export function AdminUsers() {
  const [params, setParams] = useSearchParams();
  const inUrl = params.get('q') ?? '';
  const [typed, setTyped] = useState(inUrl);
  const term = userSearchTerm(useDebouncedValue(typed, SEARCH_DEBOUNCE_MS));
  const users = useAdminUsers(term);
  const list = users.data?.pages.flatMap((p) => p.items) ?? [];
  const [openId, setOpenId] = useState<string | null>(null);

  // The URL follows the search once typing pauses, so a reload or a shared link shows it
  // again; replacing the entry keeps Back from stepping through every pause.
  useEffect(() => {
    if ((term ?? '') !== inUrl) setParams(term ? { q: term } : {}, { replace: true });
  }, [term, inUrl, setParams]);

  // Typing already searches; Enter only must not reload the page.
  const submit = (e: FormEvent) => e.preventDefault();

  return (
    <section>
      <h1>Users</h1>
      <p className="muted">
        Every account, newest first. A disabled account is signed out everywhere and cannot sign in; an admin can change
        every post, account and setting.
      </p>
      <form className="inline-form filter-form" onSubmit={submit} noValidate role="search" aria-label="Find accounts">
        <Field label="Search" hint="Part of an email address or a name, in any case.">
          {(p) => (
            <input
              {...p}
              type="search"
              name="q"
              autoComplete="off"
              spellCheck={false}
              maxLength={MAX_SEARCH_LENGTH}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          )}
        </Field>
      </form>
      {/* A search that failed must not leave the previous search's accounts on screen. */}
      {users.isError && (!users.data || users.isPlaceholderData) ? (
        <ErrorMessage error={users.error} />
      ) : !users.data ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="muted">{term ? `No account matches “${term}”.` : 'No accounts yet.'}</p>
      ) : (
        <table className="table" aria-busy={users.isFetching && !users.isFetchingNextPage}>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Premium</th>
              <th scope="col">Joined</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          {list.map((user) => (
            <UserRows
              key={user.id}
              user={user}
              open={openId === user.id}
              onToggle={() => setOpenId((current) => (current === user.id ? null : user.id))}
            />
          ))}
        </table>
      )}
      {users.isFetchNextPageError && <ErrorMessage error={users.error} />}
      <LoadMore hasNextPage={users.hasNextPage} isFetchingNextPage={users.isFetchingNextPage} fetchNextPage={users.fetchNextPage} auto={false} />
    </section>
  );
}

interface UserRowsProps {
  user: AdminUserSummary;
  /** The account's activity is shown below its row. */
  open: boolean;
  onToggle: () => void;
}

function UserRows({ user, open, onToggle }: UserRowsProps) {
  const { user: me } = useCurrentUser();
  const update = useUpdateUser();
  const { ban, unban } = useCommentBan();
  const disabled = user.disabled_at != null;
  // Admins cannot demote or disable themselves; the API refuses it too (409, shown below).
  const self = me?.id === user.id;
  const path = { params: { path: { id: user.id } } };
  // The role asked for shows at once; a refusal puts the select back.
  const role = (update.isPending ? update.variables?.body.role : undefined) ?? user.role;
  const error = update.error ?? ban.error ?? unban.error;
  const activityId = `user-activity-${user.id}`;

  const changeRole = (value: string) => {
    const next = ROLES.find((r) => r === value);
    if (!next || next === user.role) return;
    if (next === 'admin' && !window.confirm(`Make ${user.email} an admin? Admins can change every post, account and setting.`)) return;
    update.mutate({ ...path, body: { role: next } });
  };

  const onBan = () => {
    const reason = window.prompt(`Ban ${user.email} from commenting? Their comments awaiting review are hidden.\n\nReason (optional):`);
    if (reason === null) return;
    ban.mutate({ ...path, body: reason.trim() ? { reason: reason.trim() } : {} });
  };

  return (
    <tbody>
      <tr>
        <td>
          {user.email}
          {!user.email_verified && <span className="muted small"> (unverified)</span>}
          {self && <span className="muted small"> (you)</span>}
        </td>
        <td>{user.display_name}</td>
        <td>
          <select
            className="role-select"
            aria-label={`Role of ${user.email}`}
            value={role}
            disabled={self || update.isPending}
            title={self ? 'You cannot change your own role.' : undefined}
            onChange={(e) => changeRole(e.target.value)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </td>
        <td>{user.premium ? 'yes' : 'no'}</td>
        <td>
          <time dateTime={user.created_at}>{formatDateTime(user.created_at)}</time>
        </td>
        <td>
          {disabled && <span className="status status-failed">disabled</span>}{' '}
          {user.comment_banned && <span className="status status-pending">comment ban</span>}
          {!disabled && !user.comment_banned && <span className="muted">active</span>}
        </td>
        <td className="row-actions">
          {!self && (
            <button
              type="button"
              className="button button-small"
              disabled={update.isPending}
              aria-label={`${disabled ? 'Enable' : 'Disable'} ${user.email}`}
              onClick={() => update.mutate({ ...path, body: { disabled: !disabled } })}
            >
              {disabled ? 'Enable' : 'Disable'}
            </button>
          )}
          {user.comment_banned ? (
            <button
              type="button"
              className="button button-small"
              disabled={unban.isPending}
              aria-label={`Lift the comment ban on ${user.email}`}
              onClick={() => unban.mutate(path)}
            >
              Lift comment ban
            </button>
          ) : (
            // Admins moderate; they cannot be banned from commenting.
            user.role === 'reader' && (
              <button
                type="button"
                className="button button-small"
                disabled={ban.isPending}
                aria-label={`Ban ${user.email} from commenting`}
                onClick={onBan}
              >
                Ban from commenting
              </button>
            )
          )}
          <button
            type="button"
            className="button button-small"
            aria-expanded={open}
            aria-controls={activityId}
            aria-label={`Activity of ${user.email}`}
            onClick={onToggle}
          >
            Activity
          </button>
        </td>
      </tr>
      {error != null && (
        <tr className="row-error">
          <td colSpan={COLUMNS}>
            <ErrorMessage error={error} />
          </td>
        </tr>
      )}
      <tr className="email-row" id={activityId} hidden={!open}>
        <td colSpan={COLUMNS}>{open && <UserActivity user={user} />}</td>
      </tr>
    </tbody>
  );
}

/** What one account did, newest first, a page at a time. */
function UserActivity({ user }: { user: AdminUserSummary }) {
  const activity = useUserActivity(user.id);
  const items = activity.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-label={`Activity of ${user.email}`}>
      <h3 className="pane-title">Activity</h3>
      {activity.isError && !activity.data ? (
        <ErrorMessage error={activity.error} />
      ) : !activity.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="muted">Nothing yet: no post or series completed, no comment published.</p>
      ) : (
        <ol className="activity-list">
          {items.map((item) => {
            const line = describeActivity(item);
            return (
              <li key={`${item.kind}-${item.subject_id}-${item.at}`}>
                <time dateTime={item.at} className="muted">
                  {formatDateTime(item.at)}
                </time>{' '}
                {line.action}
                {line.post && (
                  <>
                    {' '}
                    <Link to={`/posts/${line.post.slug}`}>{line.post.title}</Link>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {activity.isFetchNextPageError && <ErrorMessage error={activity.error} />}
      <LoadMore
        hasNextPage={activity.hasNextPage}
        isFetchingNextPage={activity.isFetchingNextPage}
        fetchNextPage={activity.fetchNextPage}
        auto={false}
      />
    </section>
  );
}
