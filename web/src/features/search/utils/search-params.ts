import type { components } from '@/api/schema';

type SearchMode = components['schemas']['SearchMode'];
type Difficulty = components['schemas']['Difficulty'];

/** What the search page shows, as kept in its URL (`/search?q=…&mode=…&tag=…`). */
export interface SearchQuery {
  q: string;
  mode: SearchMode;
  tag?: string | undefined;
  series?: string | undefined;
  difficulty?: Difficulty | undefined;
}

export const SEARCH_MODES: readonly SearchMode[] = ['hybrid', 'keyword', 'semantic'];
export const DEFAULT_MODE: SearchMode = 'hybrid';
const DIFFICULTIES: readonly Difficulty[] = ['beginner', 'intermediate', 'advanced'];

const isMode = (v: string | null): v is SearchMode => v !== null && (SEARCH_MODES as readonly string[]).includes(v);
const isDifficulty = (v: string | null): v is Difficulty => v !== null && (DIFFICULTIES as readonly string[]).includes(v);

/** The query in a search page URL; unknown modes and levels fall back to the defaults. */
export function readSearchQuery(params: URLSearchParams): SearchQuery {
  const mode = params.get('mode');
  const difficulty = params.get('difficulty');
  return {
    q: params.get('q') ?? '',
    mode: isMode(mode) ? mode : DEFAULT_MODE,
    tag: params.get('tag') || undefined,
    series: params.get('series') || undefined,
    difficulty: isDifficulty(difficulty) ? difficulty : undefined,
  };
}

/** The URL parameters for a query, leaving out blanks and the default mode. */
export function searchParamsFor(query: SearchQuery): Record<string, string> {
  const params: Record<string, string> = {};
  const q = query.q.trim();
  if (q) params.q = q;
  if (query.mode !== DEFAULT_MODE) params.mode = query.mode;
  if (query.tag) params.tag = query.tag;
  if (query.series) params.series = query.series;
  if (query.difficulty) params.difficulty = query.difficulty;
  return params;
}

/** `/search?…` for a query. */
export function searchHref(query: SearchQuery): string {
  const params = new URLSearchParams(searchParamsFor(query)).toString();
  return params ? `/search?${params}` : '/search';
}

/** Where a hit opens: the post, scrolled to the section that matched. */
export function hitHref(hit: { slug: string; anchor?: string | null }): string {
  const path = `/posts/${encodeURIComponent(hit.slug)}`;
  return hit.anchor ? `${path}#${encodeURIComponent(hit.anchor)}` : path;
}
