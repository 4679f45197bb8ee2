/** Case- and accent-insensitive form of a name or a query ("Café" → "cafe"). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * How well `name` matches the typed words: every word must occur in it; a name that starts
 * with the query beats one where each word starts a word, which beats one that merely
 * contains them. Null when it does not match.
 */
function rank(name: string, words: string[], whole: string): number | null {
  const folded = fold(name);
  if (!words.every((w) => folded.includes(w))) return null;
  if (folded.startsWith(whole)) return 0;
  const starts = folded.split(/[^\p{L}\p{N}]+/u);
  if (words.every((w) => starts.some((s) => s.startsWith(w)))) return 1;
  return 2;
}

/**
 * The items whose name matches what was typed, best first (ties keep their order), at most
 * `limit`. A blank query matches everything.
 */
export function matchByName<T>(items: readonly T[], query: string, name: (item: T) => string, limit: number): T[] {
  const whole = fold(query.trim()).replace(/\s+/g, ' ');
  const words = whole.split(' ').filter(Boolean);
  if (words.length === 0) return items.slice(0, limit);
  return items
    .map((item, index) => ({ item, index, rank: rank(name(item), words, whole) }))
    .filter((m): m is { item: T; index: number; rank: number } => m.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map((m) => m.item);
}
