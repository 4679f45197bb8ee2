import { describe, expect, it } from 'vitest';

import { hitHref, readSearchQuery, searchHref, searchParamsFor } from './search-params';

describe('readSearchQuery', () => {
  it('reads the query and filters, defaulting to hybrid', () => {
    expect(readSearchQuery(new URLSearchParams('q=closures&tag=python&difficulty=advanced'))).toEqual({
      q: 'closures',
      mode: 'hybrid',
      tag: 'python',
      series: undefined,
      difficulty: 'advanced',
    });
  });

  it('ignores an unknown mode or level', () => {
    const query = readSearchQuery(new URLSearchParams('q=x&mode=fuzzy&difficulty=expert'));
    expect(query.mode).toBe('hybrid');
    expect(query.difficulty).toBeUndefined();
  });
});

describe('searchParamsFor', () => {
  it('leaves out blanks and the default mode, and round-trips', () => {
    const params = searchParamsFor({ q: '  joins ', mode: 'hybrid', tag: undefined, series: 'sql-basics' });
    expect(params).toEqual({ q: 'joins', series: 'sql-basics' });
    expect(readSearchQuery(new URLSearchParams(params))).toMatchObject({ q: 'joins', mode: 'hybrid', series: 'sql-basics' });
    expect(searchParamsFor({ q: 'x', mode: 'keyword' })).toEqual({ q: 'x', mode: 'keyword' });
  });

  it('builds the page address', () => {
    expect(searchHref({ q: 'a b', mode: 'semantic' })).toBe('/search?q=a+b&mode=semantic');
    expect(searchHref({ q: ' ', mode: 'hybrid' })).toBe('/search');
  });
});

describe('hitHref', () => {
  it('links to the matched section when there is one', () => {
    expect(hitHref({ slug: 'traits-vs-protocols', anchor: 'static-and-dynamic-dispatch' })).toBe(
      '/posts/traits-vs-protocols#static-and-dynamic-dispatch',
    );
    expect(hitHref({ slug: 'joins-explained', anchor: null })).toBe('/posts/joins-explained');
  });
});
