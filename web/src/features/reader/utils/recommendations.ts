import type { components } from '@/api/schema';

type RecommendationReason = components['schemas']['RecommendationReason'];

const REASONS: Record<RecommendationReason, string> = {
  next_in_series: 'Next in a series you are reading',
  same_series: 'From a series you are reading',
  shared_tags: 'On the topics of posts you finished',
  popular: 'Popular with readers',
  new: 'New',
};

/** Why a post is suggested, in words for the reader. */
export function reasonLabel(reason: RecommendationReason): string {
  return REASONS[reason] ?? 'Suggested for you';
}

/**
 * The suggestions to show: in the API's order, without the posts in `exclude` (the post on
 * screen, the related posts beside it), each once, at most `max`.
 */
export function pickRecommendations<T extends { slug: string }>(items: readonly T[] | undefined, exclude: readonly string[], max: number): T[] {
  const skip = new Set(exclude);
  const picked: T[] = [];
  for (const item of items ?? []) {
    if (picked.length >= max) break;
    if (skip.has(item.slug)) continue;
    skip.add(item.slug);
    picked.push(item);
  }
  return picked;
}
