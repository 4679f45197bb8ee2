import { describe, expect, it } from 'vitest';

import { googleStartHref } from './google';

describe('googleStartHref', () => {
  it('returns to the home page by default', () => {
    expect(googleStartHref()).toBe('/api/v1/auth/google/start?return_to=/');
  });

  it('keeps a path readable and escapes what would end the parameter', () => {
    expect(googleStartHref('/posts/rust-async')).toBe('/api/v1/auth/google/start?return_to=/posts/rust-async');
    expect(googleStartHref('/tags/c++?x=1&y=2#top')).toBe(
      '/api/v1/auth/google/start?return_to=/tags/c%2B%2B%3Fx%3D1%26y%3D2%23top',
    );
    const back = new URL(googleStartHref('/tags/c++?x=1&y=2'), 'http://x.test').searchParams.get('return_to');
    expect(back).toBe('/tags/c++?x=1&y=2');
  });
});
