import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import { Field, FormError } from '@/components/field';
import { ErrorMessage, Loading } from '@/components/status';
import { toFormErrors } from '@/lib/problem';

import { useCreateTag } from '../api/create-tag';
import { useDeleteTag } from '../api/delete-tag';
import { useAdminTags, type AdminTag } from '../api/get-admin-tags';
import { useMergeTag } from '../api/merge-tag';
import { useUpdateTag } from '../api/update-tag';

export function AdminTags() {
  const tags = useAdminTags();
  return (
    <section>
      <h1>Tags</h1>
      {tags.isPending ? (
        <Loading />
      ) : tags.isError ? (
        <ErrorMessage error={tags.error} />
      ) : tags.data.length === 0 ? (
        <p className="muted">No tags yet. Tags are created when posts use them, or here.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Posts</th>
              <th scope="col">Merge into</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          {tags.data.map((tag) => (
            // A renamed tag gets a fresh row, so its inputs show the saved values.
            <TagRow key={`${tag.id}:${tag.name}:${tag.slug}`} tag={tag} all={tags.data} />
          ))}
        </table>
      )}
      <CreateTagForm />
    </section>
  );
}

const TAG_FIELDS = ['name', 'slug', 'into'] as const;

function TagRow({ tag, all }: { tag: AdminTag; all: AdminTag[] }) {
  const update = useUpdateTag();
  const merge = useMergeTag();
  const remove = useDeleteTag();
  const [name, setName] = useState(tag.name);
  const [slug, setSlug] = useState(tag.slug);
  const [into, setInto] = useState('');
  const errors = toFormErrors(update.error ?? merge.error ?? remove.error, TAG_FIELDS);
  const changed = name.trim() !== tag.name || slug.trim() !== tag.slug;
  const target = all.find((t) => t.id === into);
  const formId = `tag-${tag.id}`;

  const rename = (e: FormEvent) => {
    e.preventDefault();
    merge.reset();
    remove.reset();
    update.mutate({
      params: { path: { id: tag.id } },
      body: {
        ...(name.trim() !== tag.name ? { name: name.trim() } : {}),
        ...(slug.trim() && slug.trim() !== tag.slug ? { slug: slug.trim() } : {}),
      },
    });
  };

  const mergeInto = () => {
    if (!target) return;
    if (!window.confirm(`Merge “${tag.name}” into “${target.name}”? Its posts get “${target.name}” and “${tag.name}” is deleted.`)) return;
    update.reset();
    remove.reset();
    merge.mutate({ params: { path: { id: tag.id } }, body: { into: target.id } });
  };

  const onDelete = () => {
    if (!window.confirm(`Delete the tag “${tag.name}”? ${tag.post_count} post(s) lose it.`)) return;
    update.reset();
    merge.reset();
    remove.mutate({ params: { path: { id: tag.id } } });
  };

  return (
    <tbody>
      <tr>
        <td>
          {/* The form wraps no cells (tables forbid it); inputs join it with the form attribute. */}
          <form id={formId} onSubmit={rename} noValidate aria-label={`Rename ${tag.name}`} />
          <Field label={`Name of ${tag.name}`} error={errors.fields.name} hideLabel>
            {(p) => <input {...p} form={formId} required maxLength={40} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
        </td>
        <td>
          <Field label={`Slug of ${tag.name}`} error={errors.fields.slug} hideLabel>
            {(p) => <input {...p} form={formId} maxLength={80} value={slug} onChange={(e) => setSlug(e.target.value)} />}
          </Field>
        </td>
        <td>
          <Link to={`/tags/${tag.slug}`}>{tag.post_count}</Link>
        </td>
        <td>
          <Field label={`Merge ${tag.name} into`} error={errors.fields.into} hideLabel>
            {(p) => (
              <select {...p} value={into} onChange={(e) => setInto(e.target.value)}>
                <option value="">Choose a tag…</option>
                {all
                  .filter((t) => t.id !== tag.id)
                  .map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
              </select>
            )}
          </Field>
        </td>
        <td className="row-actions">
          <button type="submit" form={formId} className="button button-small" disabled={!changed || update.isPending} aria-label={`Rename ${tag.name}`}>
            Rename
          </button>
          <button type="button" className="button button-small" disabled={!target || merge.isPending} onClick={mergeInto} aria-label={`Merge ${tag.name}`}>
            Merge
          </button>
          <button type="button" className="button button-small button-danger" disabled={remove.isPending} onClick={onDelete} aria-label={`Delete ${tag.name}`}>
            Delete
          </button>
        </td>
      </tr>
      {errors.message && (
        <tr className="row-error">
          <td colSpan={5}>
            <FormError message={errors.message} />
          </td>
        </tr>
      )}
    </tbody>
  );
}

function CreateTagForm() {
  const create = useCreateTag();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const errors = toFormErrors(create.error, ['name', 'slug'] as const);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { body: { name: name.trim(), ...(slug.trim() ? { slug: slug.trim() } : {}) } },
      {
        onSuccess: () => {
          setName('');
          setSlug('');
        },
      },
    );
  };

  return (
    <form className="form card" onSubmit={submit} noValidate aria-labelledby="new-tag">
      <h2 id="new-tag">New tag</h2>
      <FormError message={errors.message} />
      <Field label="Tag name" error={errors.fields.name}>
        {(p) => <input {...p} required maxLength={40} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Tag slug" error={errors.fields.slug} hint="Optional; made from the name when empty.">
        {(p) => <input {...p} maxLength={80} value={slug} onChange={(e) => setSlug(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create tag
        </button>
      </div>
    </form>
  );
}
