import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';

import { Field, FormError } from '@/components/field';
import { capitalize } from '@/lib/format';
import { toFormErrors } from '@/lib/problem';

import { useDeleteSeries } from '../api/delete-series';
import { useAdminPosts, type AdminPostSummary } from '../api/get-admin-posts';
import type { AdminSeries } from '../api/get-admin-series';
import { useSetSeriesPosts } from '../api/set-series-posts';
import { useUpdateSeries } from '../api/update-series';
import { move } from '../utils/reorder';

const FIELDS = ['title', 'slug', 'description'] as const;

export function SeriesEditor({ series }: { series: AdminSeries }) {
  return (
    <section>
      <p className="muted">
        <Link to="/admin/series">← All series</Link>
      </p>
      <SeriesDetailsForm series={series} />
      <SeriesOrder series={series} />
    </section>
  );
}

function SeriesDetailsForm({ series }: { series: AdminSeries }) {
  const update = useUpdateSeries();
  const remove = useDeleteSeries();
  const navigate = useNavigate();
  const [title, setTitle] = useState(series.title);
  const [slug, setSlug] = useState(series.slug);
  const [description, setDescription] = useState(series.description);
  const [saved, setSaved] = useState(false);
  const errors = toFormErrors(update.error ?? remove.error, FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    update.mutate(
      {
        params: { path: { id: series.id } },
        body: {
          ...(title.trim() !== series.title ? { title: title.trim() } : {}),
          ...(slug.trim() && slug.trim() !== series.slug ? { slug: slug.trim() } : {}),
          ...(description !== series.description ? { description } : {}),
        },
      },
      { onSuccess: () => setSaved(true) },
    );
  };

  const onDelete = () => {
    if (!window.confirm(`Delete the series “${series.title}”? Its posts stay, outside any series.`)) return;
    remove.mutate({ params: { path: { id: series.id } } }, { onSuccess: () => navigate('/admin/series', { replace: true }) });
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="series-heading">
      <div className="toolbar">
        <h1 id="series-heading">{series.title}</h1>
        <Link to={`/series/${series.slug}`}>View series</Link>
      </div>
      <FormError message={errors.message} />
      {saved && (
        <p className="alert alert-success" role="status">
          Series saved.
        </p>
      )}
      <Field label="Series title" error={errors.fields.title}>
        {(p) => <input {...p} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <Field label="Series slug" error={errors.fields.slug}>
        {(p) => <input {...p} maxLength={80} value={slug} onChange={(e) => setSlug(e.target.value)} />}
      </Field>
      <Field label="Description" error={errors.fields.description}>
        {(p) => <textarea {...p} rows={3} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          Save series
        </button>
        <button type="button" className="button button-danger" disabled={remove.isPending} onClick={onDelete}>
          Delete series
        </button>
      </div>
    </form>
  );
}

function SeriesOrder({ series }: { series: AdminSeries }) {
  const setPosts = useSetSeriesPosts();
  const candidates = useAdminPosts({ limit: 100 });
  const [order, setOrder] = useState<AdminPostSummary[]>(series.posts);
  const [toAdd, setToAdd] = useState('');
  const [saved, setSaved] = useState(false);
  const changed = order.map((p) => p.id).join() !== series.posts.map((p) => p.id).join();
  const errors = toFormErrors(setPosts.error, []);

  const available = (candidates.data?.items ?? []).filter((p) => !order.some((o) => o.id === p.id));

  const edit = (next: AdminPostSummary[]) => {
    setSaved(false);
    setOrder(next);
  };

  const add = () => {
    const post = available.find((p) => p.id === toAdd);
    if (post) edit([...order, post]);
    setToAdd('');
  };

  const save = () =>
    setPosts.mutate(
      { params: { path: { id: series.id } }, body: { post_ids: order.map((p) => p.id) } },
      { onSuccess: () => setSaved(true) },
    );

  return (
    <section className="card" aria-labelledby="order-heading">
      <h2 id="order-heading">Posts in reading order</h2>
      <FormError message={errors.message} />
      {saved && (
        <p className="alert alert-success" role="status">
          Order saved.
        </p>
      )}
      {order.length === 0 ? (
        <p className="muted">No posts in this series yet.</p>
      ) : (
        <ol className="order-list">
          {order.map((post, i) => (
            <li key={post.id}>
              <span className="order-title">
                <Link to={`/admin/posts/${post.id}`}>{post.title}</Link>{' '}
                <span className={`status status-${post.status}`}>{capitalize(post.status)}</span>
              </span>
              <span className="order-buttons">
                <button type="button" className="button button-small" aria-label={`Move “${post.title}” up`} disabled={i === 0} onClick={() => edit(move(order, i, -1))}>
                  ↑ Up
                </button>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Move “${post.title}” down`}
                  disabled={i === order.length - 1}
                  onClick={() => edit(move(order, i, 1))}
                >
                  ↓ Down
                </button>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Remove “${post.title}” from the series`}
                  onClick={() => edit(order.filter((p) => p.id !== post.id))}
                >
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <div className="inline-form">
        <Field label="Add a post">
          {(p) => (
            <select {...p} value={toAdd} onChange={(e) => setToAdd(e.target.value)}>
              <option value="">Choose a post…</option>
              {available.map((post) => (
                <option key={post.id} value={post.id}>
                  {post.title} ({post.status})
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" className="button" disabled={!toAdd} onClick={add}>
          Add
        </button>
      </div>
      <div className="actions">
        <button type="button" className="button button-primary" disabled={!changed || setPosts.isPending} onClick={save}>
          Save order
        </button>
        {changed && (
          <button type="button" className="button" onClick={() => edit(series.posts)}>
            Undo changes
          </button>
        )}
      </div>
    </section>
  );
}
