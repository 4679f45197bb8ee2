import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';

import { Field, FormError } from '@/components/field';
import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';
import { formatDateTime } from '@/lib/format';
import { toFormErrors } from '@/lib/problem';

import { useCreateSeries } from '../api/create-series';
import { useAdminSeriesList } from '../api/get-admin-series-list';

const FIELDS = ['title', 'slug', 'description'] as const;

export function AdminSeriesList() {
  const list = useAdminSeriesList();
  const series = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section>
      <h1>Series</h1>
      {list.isError && !list.data ? (
        <ErrorMessage error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : series.length === 0 ? (
        <p className="muted">No series yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Posts</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/admin/series/${s.id}`}>{s.title}</Link>
                  <div className="muted small">/series/{s.slug}</div>
                </td>
                <td>{s.post_count}</td>
                <td>{formatDateTime(s.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.isFetchNextPageError && <ErrorMessage error={list.error} />}
      <LoadMore
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={list.fetchNextPage}
        auto={false}
      />
      <CreateSeriesForm />
    </section>
  );
}

function CreateSeriesForm() {
  const create = useCreateSeries();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [slug, setSlug] = useState('');
  const [description, setDescription] = useState('');
  const errors = toFormErrors(create.error, FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        body: {
          title: title.trim(),
          ...(slug.trim() ? { slug: slug.trim() } : {}),
          ...(description.trim() ? { description: description.trim() } : {}),
        },
      },
      { onSuccess: (created) => navigate(`/admin/series/${created.id}`) },
    );
  };

  return (
    <form className="form card" onSubmit={submit} noValidate aria-labelledby="new-series">
      <h2 id="new-series">New series</h2>
      <FormError message={errors.message} />
      <Field label="Series title" error={errors.fields.title}>
        {(p) => <input {...p} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field label="Series slug" error={errors.fields.slug} hint="Optional; made from the title when empty.">
        {(p) => <input {...p} maxLength={80} value={slug} onChange={(e) => setSlug(e.target.value)} />}
      </Field>
      <Field label="Description" error={errors.fields.description}>
        {(p) => <textarea {...p} rows={3} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create series
        </button>
      </div>
    </form>
  );
}
