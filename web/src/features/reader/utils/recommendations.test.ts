import { describe, expect, it } from 'vitest';

import { pickRecommendations, reasonLabel } from './recommendations';

const post = (slug: string) => ({ slug });

describe('reasonLabel', () => {
  it('says why each kind of suggestion is there', () => {
    expect(reasonLabel('next_in_series')).toBe('Next in a series you are reading');
    expect(reasonLabel('same_series')).toBe('From a series you are reading');
    expect(reasonLabel('shared_tags')).toBe('On the topics of posts you finished');
    expect(reasonLabel('popular')).toBe('Popular with readers');
    expect(reasonLabel('new')).toBe('New');
  });

  it('still says something for a reason added to the API later', () => {
    expect(reasonLabel('trending' as never)).toBe('Suggested for you');
  });
});

describe('pickRecommendations', () => {
  it('keeps the API order and stops at the maximum', () => {
    expect(pickRecommendations([post('a'), post('b'), post('c')], [], 2)).toEqual([post('a'), post('b')]);
  });

  it('leaves out the post on screen and its related posts, filling up from further down', () => {
    const items = [post('here'), post('a'), post('related'), post('b'), post('c')];
    expect(pickRecommendations(items, ['here', 'related'], 2)).toEqual([post('a'), post('b')]);
  });

  it('lists each post once', () => {
    expect(pickRecommendations([post('a'), post('a'), post('b')], [], 4)).toEqual([post('a'), post('b')]);
  });

  it('is empty before the answer arrives, or when everything is excluded', () => {
    expect(pickRecommendations(undefined, [], 4)).toEqual([]);
    expect(pickRecommendations([post('a')], ['a'], 4)).toEqual([]);
  });
});
