import type { components } from '@/api/schema';
import { parseTagList } from '@/lib/format';

type AdminPost = components['schemas']['AdminPostResponse'];
type CreatePostRequest = components['schemas']['CreatePostRequest'];
type UpdatePostRequest = components['schemas']['UpdatePostRequest'];
type Difficulty = components['schemas']['Difficulty'];

/** The editor's inputs, as the form holds them. */
export interface PostFormValues {
  title: string;
  slug: string;
  summary: string;
  /** Comma separated. */
  tags: string;
  /** '' for no series. */
  seriesId: string;
  difficulty: Difficulty;
  premium: boolean;
  markdown: string;
}

/** Request fields the editor has an input for; field errors for them show next to it. */
export const POST_FORM_FIELDS = [
  'title',
  'slug',
  'summary',
  'tags',
  'series_id',
  'difficulty',
  'premium',
  'markdown',
  'published_at',
] as const;
export type PostFormField = (typeof POST_FORM_FIELDS)[number];

export const EMPTY_POST_FORM: PostFormValues = {
  title: '',
  slug: '',
  summary: '',
  tags: '',
  seriesId: '',
  difficulty: 'beginner',
  premium: false,
  markdown: '',
};

export function formValuesFromPost(post: AdminPost): PostFormValues {
  return {
    title: post.title,
    slug: post.slug,
    summary: post.summary,
    tags: post.tags.map((t) => t.name).join(', '),
    seriesId: post.series_id ?? '',
    difficulty: post.difficulty,
    premium: post.premium,
    markdown: post.markdown,
  };
}

/** The body that creates a draft from the form; empty optional inputs are left out. */
export function createPostBody(values: PostFormValues): CreatePostRequest {
  const body: CreatePostRequest = {
    title: values.title.trim(),
    markdown: values.markdown,
    difficulty: values.difficulty,
    premium: values.premium,
    tags: parseTagList(values.tags),
  };
  const slug = values.slug.trim();
  if (slug) body.slug = slug;
  const summary = values.summary.trim();
  if (summary) body.summary = summary;
  if (values.seriesId) body.series_id = values.seriesId;
  return body;
}

function sameTags(a: string[], b: string[]): boolean {
  const norm = (xs: string[]) => xs.map((x) => x.toLowerCase()).sort().join('\n');
  return norm(a) === norm(b);
}

/**
 * The PATCH body with only what changed. The API treats an absent field as "keep", and a
 * `null` series as "leave the series", so the series is sent as null only when cleared.
 */
export function updatePostBody(post: AdminPost, values: PostFormValues): UpdatePostRequest {
  const body: UpdatePostRequest = {};
  const title = values.title.trim();
  if (title !== post.title) body.title = title;
  const slug = values.slug.trim();
  if (slug && slug !== post.slug) body.slug = slug;
  const summary = values.summary.trim();
  if (summary !== post.summary) body.summary = summary;
  const tags = parseTagList(values.tags);
  const current = post.tags.map((t) => t.name);
  if (!sameTags(tags, current)) body.tags = tags;
  const seriesId = values.seriesId || null;
  if (seriesId !== (post.series_id ?? null)) body.series_id = seriesId;
  if (values.difficulty !== post.difficulty) body.difficulty = values.difficulty;
  if (values.premium !== post.premium) body.premium = values.premium;
  if (values.markdown !== post.markdown) body.markdown = values.markdown;
  return body;
}

/** Whether the form differs from the saved post (or, for a new post, from an empty form). */
export function isDirty(post: AdminPost | undefined, values: PostFormValues): boolean {
  if (!post) return JSON.stringify(values) !== JSON.stringify(EMPTY_POST_FORM);
  return Object.keys(updatePostBody(post, values)).length > 0;
}
