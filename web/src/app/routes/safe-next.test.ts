import { describe, expect, it } from 'vitest';

import { safeNext } from './safe-next';

describe('safeNext', () => {
  it('keeps local paths', () => {
    expect(safeNext('/admin/posts?status=draft')).toBe('/admin/posts?status=draft');
  });

  it('refuses other sites and odd input', () => {
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('admin')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
