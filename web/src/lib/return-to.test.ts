import { describe, expect, it } from 'vitest';

import { forgetReturnTo, isSafePath, readReturnTo, rememberReturnTo, RETURN_TO_KEY } from './return-to';

/** An in-memory Storage, as a browser tab's sessionStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe('isSafePath', () => {
  it('accepts paths on this site', () => {
    expect(isSafePath('/posts/rust-lifetimes')).toBe(true);
    expect(isSafePath('/posts/a?x=1#part-2')).toBe(true);
    expect(isSafePath('/')).toBe(true);
  });

  it('refuses other sites and anything that is not a path', () => {
    expect(isSafePath('https://evil.example/')).toBe(false);
    expect(isSafePath('//evil.example/posts')).toBe(false);
    expect(isSafePath('/\\evil.example')).toBe(false);
    expect(isSafePath('javascript:alert(1)')).toBe(false);
    expect(isSafePath('posts/a')).toBe(false);
    expect(isSafePath('')).toBe(false);
    expect(isSafePath(null)).toBe(false);
    expect(isSafePath(42)).toBe(false);
  });

  it('refuses control characters a browser would strip into "//"', () => {
    expect(isSafePath('/\t/evil.example')).toBe(false);
    expect(isSafePath('/\n/evil.example')).toBe(false);
    expect(isSafePath('/posts/a\u0000')).toBe(false);
  });
});

describe('return-to storage', () => {
  it('remembers a post path under its key and reads it back', () => {
    const store = memoryStorage();
    rememberReturnTo('/posts/premium-deep-dive', store);
    expect(store.getItem(RETURN_TO_KEY)).toBe('/posts/premium-deep-dive');
    expect(readReturnTo(store)).toBe('/posts/premium-deep-dive');
  });

  it('does not store an unsafe path, and keeps the previous one', () => {
    const store = memoryStorage();
    rememberReturnTo('/posts/a', store);
    rememberReturnTo('//evil.example', store);
    expect(readReturnTo(store)).toBe('/posts/a');
  });

  it('ignores a tampered value', () => {
    const store = memoryStorage();
    store.setItem(RETURN_TO_KEY, 'https://evil.example/');
    expect(readReturnTo(store)).toBeNull();
  });

  it('forgets the path', () => {
    const store = memoryStorage();
    rememberReturnTo('/posts/a', store);
    forgetReturnTo(store);
    expect(readReturnTo(store)).toBeNull();
  });

  it('copes without storage, or with a storage that throws', () => {
    expect(readReturnTo(null)).toBeNull();
    expect(() => rememberReturnTo('/posts/a', null)).not.toThrow();
    const broken = memoryStorage();
    broken.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    broken.getItem = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    expect(() => rememberReturnTo('/posts/a', broken)).not.toThrow();
    expect(readReturnTo(broken)).toBeNull();
  });
});
