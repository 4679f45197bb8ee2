import type { components } from '@/api/schema';

export type PostState = components['schemas']['PostState'];

/** `states` with the entry for `slug` changed by `patch` (for an answer not back yet). */
export function patchPostState(states: PostState[] | undefined, slug: string, patch: Partial<Omit<PostState, 'slug'>>): PostState[] | undefined {
  if (!states) return states;
  return states.map((s) => (s.slug === slug ? { ...s, ...patch } : s));
}

/** The states by slug, for list views that look one up per card. */
export function statesBySlug(states: readonly PostState[] | undefined): Map<string, PostState> {
  return new Map((states ?? []).map((s) => [s.slug, s]));
}

/** "Read", "45% read", or null for a post not started. */
export function progressLabel(state: Pick<PostState, 'percent' | 'completed'> | undefined): string | null {
  if (!state) return null;
  if (state.completed) return 'Read';
  if (state.percent <= 0) return null;
  return `${state.percent}% read`;
}

/** The slugs to ask `/me/post-states` about: each once, in order, at most 100 (the API's limit). */
export function stateSlugs(slugs: readonly string[]): string[] {
  return [...new Set(slugs)].slice(0, 100);
}
