import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';

import { ArticleHtml } from '@/components/article-html';
import { Field, FormError } from '@/components/field';
import { insertBlock, type Selection } from '@/features/uploads/utils/insert-block';
import { capitalize, formatDateTime, isoToLocalInput, localInputToIsoUtc } from '@/lib/format';
import { toFormErrors } from '@/lib/problem';

import { useCreatePost } from '../api/create-post';
import { useDeletePost } from '../api/delete-post';
import type { AdminPost } from '../api/get-admin-post';
import { useSeriesChoices } from '../api/get-admin-series-list';
import { useAdminTags } from '../api/get-admin-tags';
import type { RevisionSummary } from '../api/get-revisions';
import { usePublishPost } from '../api/publish-post';
import { useMarkdownPreview } from '../api/render-markdown';
import { useUnpublishPost } from '../api/unpublish-post';
import { useUpdatePost } from '../api/update-post';
import { useEditorUploads } from '../hooks/use-editor-uploads';
import {
  EMPTY_POST_FORM,
  POST_FORM_FIELDS,
  createPostBody,
  formValuesFromPost,
  isDirty,
  updatePostBody,
  type PostFormValues,
} from '../utils/post-form';

import { EditorUploads } from './editor-uploads';
import { PostDocuments } from './post-documents';
import { PostRevisions } from './post-revisions';

const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;

interface PostEditorProps {
  /** The saved post; absent for a new one. */
  post?: AdminPost;
  /** A message to show at first (the outcome of the action that led here). */
  initialNotice?: string | null;
}

function statusLine(post: AdminPost): string {
  if (post.status === 'published' && post.published_at) return `Published ${formatDateTime(post.published_at)}`;
  if (post.status === 'scheduled' && post.published_at) return `Scheduled for ${formatDateTime(post.published_at)}`;
  return capitalize(post.status);
}

export function PostEditor({ post, initialNotice = null }: PostEditorProps) {
  const navigate = useNavigate();
  const [values, setValues] = useState<PostFormValues>(() => (post ? formValuesFromPost(post) : EMPTY_POST_FORM));
  const [publishAt, setPublishAt] = useState(() =>
    post?.status === 'scheduled' && post.published_at ? isoToLocalInput(post.published_at) : '',
  );
  const [error, setError] = useState<unknown>(null);
  const [scheduleError, setScheduleError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(initialNotice);

  const create = useCreatePost();
  const update = useUpdatePost();
  const publish = usePublishPost();
  const unpublish = useUnpublishPost();
  const remove = useDeletePost();
  const series = useSeriesChoices();
  const tags = useAdminTags();
  const preview = useMarkdownPreview(values.markdown);

  // Uploads finish whenever they finish: each goes in at the cursor as it is then, and the
  // text it goes into is the latest, even when several land before the next render.
  const markdownField = useRef<HTMLTextAreaElement>(null);
  const markdownNow = useRef(values.markdown);
  const caret = useRef<number | null>(null);
  const focused = useRef(false);
  useLayoutEffect(() => {
    markdownNow.current = values.markdown;
    if (caret.current !== null && markdownField.current) {
      markdownField.current.setSelectionRange(caret.current, caret.current);
      caret.current = null;
    }
  }, [values.markdown]);

  const insertMarkdown = (block: string) => {
    const field = markdownField.current;
    // A field never focused has no cursor worth the name: the upload goes at the end.
    const selection: Selection | null =
      caret.current !== null
        ? { start: caret.current, end: caret.current }
        : field && focused.current
          ? { start: field.selectionStart, end: field.selectionEnd }
          : null;
    const edit = insertBlock(markdownNow.current, block, selection);
    markdownNow.current = edit.text;
    caret.current = edit.cursor;
    focused.current = true;
    setValues((v) => ({ ...v, markdown: edit.text }));
  };
  const uploads = useEditorUploads({ postId: post?.id, insert: insertMarkdown });

  const busy = create.isPending || update.isPending || publish.isPending || unpublish.isPending || remove.isPending;
  const dirty = isDirty(post, values);
  const errors = toFormErrors(error, POST_FORM_FIELDS);

  const set =
    <K extends keyof PostFormValues>(key: K) =>
    (value: PostFormValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));

  /** Saves the form and returns the stored post. */
  const save = async (): Promise<AdminPost> => {
    if (!post) return create.mutateAsync({ body: createPostBody(values) });
    const body = updatePostBody(post, values);
    if (Object.keys(body).length === 0) return post;
    return update.mutateAsync({ params: { path: { id: post.id } }, body });
  };

  /** Runs an action, shows its outcome, and moves a new post to its own URL. */
  const run = async (action: () => Promise<AdminPost>, done: (saved: AdminPost) => string) => {
    setError(null);
    setNotice(null);
    try {
      const saved = await action();
      setValues(formValuesFromPost(saved));
      if (saved.status !== 'scheduled') setPublishAt('');
      setNotice(done(saved));
      if (!post) navigate(`/admin/posts/${saved.id}`, { replace: true, state: { notice: done(saved) } });
    } catch (e) {
      setError(e);
    }
  };

  const onSave = (e: FormEvent) => {
    e.preventDefault();
    void run(save, (saved) => (saved.status === 'draft' ? 'Draft saved.' : 'Saved.'));
  };

  const onPublishNow = () =>
    void run(
      async () => {
        const saved = await save();
        return publish.mutateAsync({ params: { path: { id: saved.id } } });
      },
      () => 'Published.',
    );

  const onSchedule = () => {
    setScheduleError(null);
    const at = localInputToIsoUtc(publishAt);
    if (!at) {
      setScheduleError('Pick a date and time to publish at.');
      return;
    }
    void run(
      async () => {
        const saved = await save();
        return publish.mutateAsync({ params: { path: { id: saved.id } }, body: { published_at: at } });
      },
      (saved) => (saved.status === 'scheduled' ? `Scheduled for ${formatDateTime(at)}.` : 'Published.'),
    );
  };

  const onUnpublish = () => {
    if (!post) return;
    void run(() => unpublish.mutateAsync({ params: { path: { id: post.id } } }), () => 'Unpublished: the post is a draft again.');
  };

  /** A revision came back: the editor shows the post as restored. */
  const onRestored = (restored: AdminPost, revision: RevisionSummary) => {
    setError(null);
    setValues(formValuesFromPost(restored));
    setNotice(`Restored the revision of ${formatDateTime(revision.created_at)}.`);
  };

  const onDelete = async () => {
    if (!post) return;
    if (!window.confirm(`Delete “${post.title}”? This cannot be undone.`)) return;
    setError(null);
    try {
      await remove.mutateAsync({ params: { path: { id: post.id } } });
      navigate('/admin/posts', { replace: true });
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <form className="editor" onSubmit={onSave} noValidate aria-label={post ? 'Edit post' : 'New post'}>
        <div className="toolbar">
          <h1>{post ? 'Edit post' : 'New post'}</h1>
          {post && (
            <p className="muted">
              <span className={`status status-${post.status}`}>{statusLine(post)}</span>
              {post.status === 'published' && (
                <>
                  {' '}
                  · <Link to={`/posts/${post.slug}`}>View post</Link>
                </>
              )}
            </p>
          )}
        </div>

        <FormError message={errors.message} />
        {notice && (
          <p className="alert alert-success" role="status">
            {notice}
          </p>
        )}

        <div className="editor-meta">
          <Field label="Title" error={errors.fields.title} className="span-2">
            {(p) => <input {...p} name="title" required maxLength={200} value={values.title} onChange={(e) => set('title')(e.target.value)} />}
          </Field>
          <Field label="Slug" error={errors.fields.slug} hint="Optional; made from the title when empty.">
            {(p) => (
              <input
                {...p}
                name="slug"
                maxLength={80}
                pattern="[a-z0-9]+(-[a-z0-9]+)*"
                value={values.slug}
                onChange={(e) => set('slug')(e.target.value)}
              />
            )}
          </Field>
          <Field label="Tags" error={errors.fields.tags} hint="Comma separated; new tags are created.">
            {(p) => (
              <>
                <input {...p} name="tags" list="tag-suggestions" value={values.tags} onChange={(e) => set('tags')(e.target.value)} />
                <datalist id="tag-suggestions">
                  {tags.data?.map((t) => <option key={t.id} value={t.name} />)}
                </datalist>
              </>
            )}
          </Field>
          <Field label="Summary" error={errors.fields.summary} className="span-2">
            {(p) => <textarea {...p} name="summary" rows={2} maxLength={500} value={values.summary} onChange={(e) => set('summary')(e.target.value)} />}
          </Field>
          <Field label="Series" error={errors.fields.series_id}>
            {(p) => (
              <select {...p} name="series_id" value={values.seriesId} onChange={(e) => set('seriesId')(e.target.value)}>
                <option value="">No series</option>
                {series.data?.items.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Difficulty" error={errors.fields.difficulty}>
            {(p) => (
              <select
                {...p}
                name="difficulty"
                value={values.difficulty}
                onChange={(e) => set('difficulty')(e.target.value as PostFormValues['difficulty'])}
              >
                {DIFFICULTIES.map((d) => (
                  <option key={d} value={d}>
                    {capitalize(d)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className={`field checkbox${errors.fields.premium ? ' field-invalid' : ''}`}>
            <label>
              <input type="checkbox" name="premium" checked={values.premium} onChange={(e) => set('premium')(e.target.checked)} /> Premium
              (subscribers only)
            </label>
            {errors.fields.premium && <p className="field-error">{errors.fields.premium}</p>}
          </div>
        </div>

        <div className="editor-panes">
          <Field
            label="Markdown"
            error={errors.fields.markdown}
            className="editor-source"
            hint={
              post
                ? 'Drop or paste images and files here to upload them; a PDF becomes a searchable document of this post.'
                : 'Drop or paste images and files here to upload them; PDFs become searchable documents once the post is saved.'
            }
          >
            {(p) => (
              <>
                <EditorUploads
                  pending={uploads.pending}
                  failures={uploads.failures}
                  onFiles={uploads.uploadFiles}
                  onDismiss={uploads.dismissFailures}
                />
                <textarea
                  {...p}
                  ref={markdownField}
                  name="markdown"
                  required
                  spellCheck
                  className={uploads.dragging ? 'is-drop-target' : undefined}
                  value={values.markdown}
                  onChange={(e) => set('markdown')(e.target.value)}
                  onFocus={() => {
                    focused.current = true;
                  }}
                  {...uploads.textareaProps}
                />
              </>
            )}
          </Field>
          <section className="editor-preview" aria-label="Preview" aria-busy={preview.isFetching}>
            <h2 className="pane-title">
              Preview
              {preview.data && <span className="muted"> · {preview.data.reading_minutes} min read</span>}
            </h2>
            {values.markdown.trim() === '' ? (
              <p className="muted">Start writing to see the preview.</p>
            ) : preview.isError ? (
              <p className="field-error">The preview failed: {toFormErrors(preview.error, []).message}</p>
            ) : preview.data ? (
              <ArticleHtml html={preview.data.html} className={`prose${preview.isStale ? ' is-stale' : ''}`} />
            ) : (
              <p className="muted">Rendering…</p>
            )}
          </section>
        </div>

        <div className="editor-actions">
          <button type="submit" className="button" disabled={busy || (!!post && !dirty)}>
            {post ? 'Save' : 'Save draft'}
          </button>
          {post?.status !== 'published' && (
            <button type="button" className="button button-primary" disabled={busy} onClick={onPublishNow}>
              Publish now
            </button>
          )}
          <span className="schedule">
            <Field label="Publish at" error={scheduleError ?? errors.fields.published_at ?? undefined}>
              {(p) => <input {...p} type="datetime-local" name="published_at" value={publishAt} onChange={(e) => setPublishAt(e.target.value)} />}
            </Field>
            <button type="button" className="button" disabled={busy} onClick={onSchedule}>
              Schedule
            </button>
          </span>
          {post && post.status !== 'draft' && (
            <button type="button" className="button" disabled={busy} onClick={onUnpublish}>
              Unpublish
            </button>
          )}
          {post && (
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void onDelete()}>
              Delete
            </button>
          )}
        </div>
      </form>
      {post && <PostDocuments postId={post.id} />}
      {post && <PostRevisions post={post} dirty={dirty} onRestored={onRestored} />}
    </>
  );
}
