import { describe, expect, it } from 'vitest';

import { patchPostState, progressLabel, stateSlugs, statesBySlug, type PostState } from './post-states';

const state = (slug: string, patch: Partial<PostState> = {}): PostState => ({
  slug,
  bookmarked: false,
  percent: 0,
  completed: false,
  reactions: [],
  following_series: false,
  ...patch,
});

describe('patchPostState', () => {
  it('changes only the named post', () => {
    const states = [state('a'), state('b')];
    expect(patchPostState(states, 'b', { bookmarked: true })).toEqual([state('a'), state('b', { bookmarked: true })]);
    expect(states[1]?.bookmarked).toBe(false);
  });

  it('leaves a list not loaded yet alone', () => {
    expect(patchPostState(undefined, 'a', { bookmarked: true })).toBeUndefined();
  });
});

describe('progressLabel', () => {
  it('says read, a percentage, or nothing', () => {
    expect(progressLabel(state('a', { completed: true, percent: 95 }))).toBe('Read');
    expect(progressLabel(state('a', { percent: 45 }))).toBe('45% read');
    expect(progressLabel(state('a'))).toBeNull();
    expect(progressLabel(undefined)).toBeNull();
  });
});

describe('stateSlugs', () => {
  it('asks about each post once and at most 100', () => {
    expect(stateSlugs(['a', 'b', 'a'])).toEqual(['a', 'b']);
    expect(stateSlugs(Array.from({ length: 150 }, (_, i) => `p${i}`))).toHaveLength(100);
  });
});

describe('statesBySlug', () => {
  it('indexes the states', () => {
    expect(statesBySlug([state('a')]).get('a')?.slug).toBe('a');
    expect(statesBySlug(undefined).size).toBe(0);
  });
});
