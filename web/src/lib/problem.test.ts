import { describe, expect, it } from 'vitest';

import { errorMessage, isProblem, toFormErrors } from './problem';

const validation = {
  type: 'https://lectern.dev/problems/validation',
  title: 'Your request has invalid fields',
  status: 422,
  detail: '2 field(s) are invalid',
  errors: [
    { field: 'email', message: 'must be a valid email address' },
    { field: 'password', message: 'must be at least 10 characters' },
  ],
};

describe('isProblem', () => {
  it('recognises problem documents only', () => {
    expect(isProblem(validation)).toBe(true);
    expect(isProblem({ status: 500 })).toBe(false);
    expect(isProblem('oops')).toBe(false);
    expect(isProblem(null)).toBe(false);
  });
});

describe('toFormErrors', () => {
  it('puts each field error next to its field and no general message', () => {
    const result = toFormErrors(validation, ['email', 'password', 'display_name']);
    expect(result.fields).toEqual({
      email: 'must be a valid email address',
      password: 'must be at least 10 characters',
    });
    expect(result.message).toBeNull();
  });

  it('maps nested field names to their input', () => {
    const problem = { ...validation, errors: [{ field: 'tags[1]', message: 'is too long' }] };
    expect(toFormErrors(problem, ['title', 'tags']).fields).toEqual({ tags: 'is too long' });
  });

  it('joins several messages for the same field', () => {
    const problem = {
      ...validation,
      errors: [
        { field: 'slug', message: 'is too long.' },
        { field: 'slug', message: 'has invalid characters.' },
      ],
    };
    expect(toFormErrors(problem, ['slug']).fields.slug).toBe('is too long. has invalid characters.');
  });

  it('reports field errors the form has no input for in the general message', () => {
    const problem = { ...validation, errors: [{ field: 'published_at', message: 'must be in the future' }] };
    const result = toFormErrors(problem, ['title']);
    expect(result.fields).toEqual({});
    expect(result.message).toBe('published_at: must be in the future');
  });

  it('uses detail when there are no field errors', () => {
    const conflict = { type: 'https://lectern.dev/problems/conflict', title: 'Conflict', status: 409, detail: 'this email is taken' };
    expect(toFormErrors(conflict, ['email'])).toEqual({ fields: {}, message: 'this email is taken' });
  });

  it('explains a 429 without detail', () => {
    const tooMany = { type: 'about:blank', title: 'Too Many Requests', status: 429 };
    expect(toFormErrors(tooMany, ['email']).message).toMatch(/too many attempts/i);
  });

  it('handles network failures and unknown errors', () => {
    expect(toFormErrors(new TypeError('Failed to fetch'), ['email']).message).toMatch(/could not reach/i);
    expect(toFormErrors(new Error('boom'), ['email']).message).toMatch(/something went wrong/i);
    expect(toFormErrors(null, ['email'])).toEqual({ fields: {}, message: null });
  });
});

describe('errorMessage', () => {
  it('prefers the detail of a problem', () => {
    expect(errorMessage({ type: 'x', title: 'Not Found', status: 404, detail: 'post not found' })).toBe('post not found');
    expect(errorMessage({ type: 'x', title: 'Not Found', status: 404 })).toBe('Not Found');
  });
});
