import { describe, expect, it } from 'vitest';

import { sitePath } from './redirect-path';

const origin = 'https://lectern.example';

describe('sitePath', () => {
  it('trims a path and otherwise leaves it as typed', () => {
    expect(sitePath('  /2024/05/my-post/ ', origin)).toBe('/2024/05/my-post/');
    expect(sitePath('/posts/new-post?ref=old', origin)).toBe('/posts/new-post?ref=old');
  });

  it('cuts an address of this site to its path and query', () => {
    expect(sitePath('https://lectern.example/posts/new-post', origin)).toBe('/posts/new-post');
    expect(sitePath('HTTPS://Lectern.Example/old/?page=2#top', origin)).toBe('/old/?page=2');
  });

  it('leaves other sites and non-paths for the API to refuse', () => {
    expect(sitePath('https://evil.example/posts/x', origin)).toBe('https://evil.example/posts/x');
    expect(sitePath('http://lectern.example/posts/x', origin)).toBe('http://lectern.example/posts/x');
    expect(sitePath('posts/x', origin)).toBe('posts/x');
    expect(sitePath('//evil.example', origin)).toBe('//evil.example');
    expect(sitePath('https://', origin)).toBe('https://');
  });
});
