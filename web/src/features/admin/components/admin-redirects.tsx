import { useState, type FormEvent } from 'react';

import { Field, FormError } from '@/components/field';
import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';
import { toFormErrors } from '@/lib/problem';

import { useCreateRedirect } from '../api/create-redirect';
import { useDeleteRedirect } from '../api/delete-redirect';
import { useRedirects, type Redirect } from '../api/get-redirects';
import { sitePath } from '../utils/redirect-path';

export function AdminRedirects() {
  const redirects = useRedirects();
  const list = redirects.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section>
      <h1>Redirects</h1>
      <p className="muted">
        Old paths that answer 301 with where their page lives now: a post's page before its slug changed, an imported
        post's address on its old blog, or any path pointed somewhere here. A redirect to a path that itself redirects
        leads straight to the end of that chain.
      </p>
      <CreateRedirectForm />
      {redirects.isError && !redirects.data ? (
        <ErrorMessage error={redirects.error} />
      ) : !redirects.data ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="muted">No redirects yet.</p>
      ) : (
        <table className="table" aria-busy={redirects.isFetching && !redirects.isFetchingNextPage}>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Added</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          {list.map((redirect) => (
            <RedirectRow key={redirect.id} redirect={redirect} />
          ))}
        </table>
      )}
      {redirects.isFetchNextPageError && <ErrorMessage error={redirects.error} />}
      <LoadMore
        hasNextPage={redirects.hasNextPage}
        isFetchingNextPage={redirects.isFetchingNextPage}
        fetchNextPage={redirects.fetchNextPage}
        auto={false}
      />
    </section>
  );
}

function RedirectRow({ redirect }: { redirect: Redirect }) {
  const remove = useDeleteRedirect();

  const onDelete = () => {
    if (!window.confirm(`Delete the redirect from ${redirect.from}? That address will answer 404 again.`)) return;
    remove.mutate({ params: { path: { id: redirect.id } } });
  };

  return (
    <tbody>
      <tr>
        <td>
          <code>{redirect.from}</code>
        </td>
        <td>
          {/* A full page load: the server answers it, wherever it leads. */}
          <a href={redirect.to}>
            <code>{redirect.to}</code>
          </a>
        </td>
        <td>
          <time dateTime={redirect.created_at}>{formatDateTime(redirect.created_at)}</time>
        </td>
        <td className="row-actions">
          <button
            type="button"
            className="button button-small button-danger"
            disabled={remove.isPending}
            onClick={onDelete}
            aria-label={`Delete the redirect from ${redirect.from}`}
          >
            Delete
          </button>
        </td>
      </tr>
      {remove.isError && (
        <tr className="row-error">
          <td colSpan={4}>
            <ErrorMessage error={remove.error} />
          </td>
        </tr>
      )}
    </tbody>
  );
}

const REDIRECT_FIELDS = ['from', 'to'] as const;

function CreateRedirectForm() {
  const create = useCreateRedirect();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [added, setAdded] = useState<Redirect | null>(null);
  const errors = toFormErrors(create.error, REDIRECT_FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAdded(null);
    const origin = window.location.origin;
    create.mutate(
      { body: { from: sitePath(from, origin), to: sitePath(to, origin) } },
      {
        onSuccess: (redirect) => {
          setAdded(redirect);
          setFrom('');
          setTo('');
        },
      },
    );
  };

  return (
    <form className="form card" onSubmit={submit} noValidate aria-labelledby="new-redirect">
      <h2 id="new-redirect">New redirect</h2>
      <FormError message={errors.message} />
      {added && (
        <p className="alert alert-success" role="status">
          {added.from} now redirects to {added.to}.
        </p>
      )}
      <Field label="From" error={errors.fields.from} hint="The old path, starting with /, e.g. /2024/05/my-post/.">
        {(p) => <input {...p} name="from" required maxLength={500} autoComplete="off" value={from} onChange={(e) => setFrom(e.target.value)} />}
      </Field>
      <Field label="To" error={errors.fields.to} hint="Where it leads now, a path of this site, e.g. /posts/my-post.">
        {(p) => <input {...p} name="to" required maxLength={500} autoComplete="off" value={to} onChange={(e) => setTo(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Add redirect
        </button>
      </div>
    </form>
  );
}
