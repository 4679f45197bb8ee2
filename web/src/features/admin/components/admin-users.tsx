import { useSearchParams } from 'react-router';

import { FilterForm } from '@/components/filter-form';
import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { formatDateTime } from '@/lib/format';

import { useAdminUsers, type AdminUserSummary } from '../api/get-admin-users';
import { useSetUserDisabled } from '../api/set-user-disabled';

export function AdminUsers() {
  const [params, setParams] = useSearchParams();
  const email = params.get('email')?.trim() || undefined;
  const users = useAdminUsers(email);
  const list = users.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section>
      <h1>Users</h1>
      <p className="muted">Every account, newest first. A disabled account is signed out everywhere and cannot sign in.</p>
      <FilterForm
        title="Find an account"
        label="Email"
        hint="The account with this address."
        name="email"
        type="email"
        submitLabel="Find"
        key={email ?? ''}
        initial={email ?? ''}
        onApply={(next) => setParams(next ? { email: next } : {})}
      />
      {users.isError && !users.data ? (
        <ErrorMessage error={users.error} />
      ) : !users.data ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="muted">{email ? `No account with ${email}.` : 'No accounts yet.'}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Premium</th>
              <th scope="col">Joined</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.map((user) => (
              <UserRow key={user.id} user={user} />
            ))}
          </tbody>
        </table>
      )}
      {users.isFetchNextPageError && <ErrorMessage error={users.error} />}
      <LoadMore hasNextPage={users.hasNextPage} isFetchingNextPage={users.isFetchingNextPage} fetchNextPage={users.fetchNextPage} auto={false} />
    </section>
  );
}

function UserRow({ user }: { user: AdminUserSummary }) {
  const { user: me } = useCurrentUser();
  const setDisabled = useSetUserDisabled();
  const disabled = user.disabled_at != null;
  // Admins cannot disable themselves (the API refuses it too).
  const self = me?.id === user.id;
  return (
    <tr>
      <td>
        {user.email}
        {!user.email_verified && <span className="muted small"> (unverified)</span>}
      </td>
      <td>{user.display_name}</td>
      <td>{user.role}</td>
      <td>{user.premium ? 'yes' : 'no'}</td>
      <td>
        <time dateTime={user.created_at}>{formatDateTime(user.created_at)}</time>
      </td>
      <td className="row-actions">
        {disabled && <span className="status status-failed">disabled</span>}{' '}
        {!self && (
          <button
            type="button"
            className="button button-small"
            disabled={setDisabled.isPending}
            aria-label={`${disabled ? 'Enable' : 'Disable'} ${user.email}`}
            onClick={() => setDisabled.mutate({ params: { path: { id: user.id } }, body: { disabled: !disabled } })}
          >
            {disabled ? 'Enable' : 'Disable'}
          </button>
        )}
        {setDisabled.isError && <ErrorMessage error={setDisabled.error} />}
      </td>
    </tr>
  );
}

