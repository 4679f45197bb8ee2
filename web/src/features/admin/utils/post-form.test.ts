import { describe, expect, it } from 'vitest';

import type { components } from '@/api/schema';

import { EMPTY_POST_FORM, createPostBody, formValuesFromPost, isDirty, updatePostBody } from './post-form';

type AdminPost = components['schemas']['AdminPostResponse'];

const post: AdminPost = {
  id: '3f1c9a4e-0000-4000-8000-000000000001',
  slug: 'generators-in-python',
  title: 'Generators in Python',
  summary: 'Lazy sequences.',
  markdown: '# Generators',
  html: '<h1>Generators</h1>',
  status: 'draft',
  difficulty: 'intermediate',
  premium: false,
  reading_minutes: 3,
  tags: [
    { slug: 'python', name: 'Python' },
    { slug: 'iterators', name: 'iterators' },
  ],
  series_id: '3f1c9a4e-0000-4000-8000-0000000000aa',
  series_position: 2,
  published_at: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-02T00:00:00Z',
};

describe('createPostBody', () => {
  it('leaves out empty optional fields and splits tags', () => {
    const body = createPostBody({ ...EMPTY_POST_FORM, title: '  Hello  ', markdown: 'Hi', tags: 'a, b' });
    expect(body).toEqual({
      title: 'Hello',
      markdown: 'Hi',
      difficulty: 'beginner',
      premium: false,
      tags: ['a', 'b'],
    });
  });

  it('sends slug, summary and series when given', () => {
    const body = createPostBody({
      ...EMPTY_POST_FORM,
      title: 'T',
      markdown: 'M',
      slug: 'my-slug ',
      summary: 'S',
      seriesId: 'abc',
      premium: true,
    });
    expect(body).toMatchObject({ slug: 'my-slug', summary: 'S', series_id: 'abc', premium: true });
  });
});

describe('updatePostBody', () => {
  it('is empty when nothing changed', () => {
    expect(updatePostBody(post, formValuesFromPost(post))).toEqual({});
    expect(isDirty(post, formValuesFromPost(post))).toBe(false);
  });

  it('ignores tag order and case', () => {
    const values = { ...formValuesFromPost(post), tags: 'Iterators, python' };
    expect(updatePostBody(post, values)).toEqual({});
  });

  it('sends only the changed fields', () => {
    const values = { ...formValuesFromPost(post), title: 'Generators, again', tags: 'python', premium: true };
    expect(updatePostBody(post, values)).toEqual({ title: 'Generators, again', tags: ['python'], premium: true });
    expect(isDirty(post, values)).toBe(true);
  });

  it('sends a null series only when the series was cleared', () => {
    expect(updatePostBody(post, { ...formValuesFromPost(post), seriesId: '' })).toEqual({ series_id: null });
    const loose = { ...post, series_id: null };
    expect(updatePostBody(loose, { ...formValuesFromPost(loose), seriesId: 'new-id' })).toEqual({ series_id: 'new-id' });
  });

  it('keeps the slug when the input is emptied', () => {
    expect(updatePostBody(post, { ...formValuesFromPost(post), slug: '' })).toEqual({});
  });
});

describe('isDirty for a new post', () => {
  it('is false for the empty form only', () => {
    expect(isDirty(undefined, EMPTY_POST_FORM)).toBe(false);
    expect(isDirty(undefined, { ...EMPTY_POST_FORM, markdown: 'x' })).toBe(true);
  });
});
