/**
 * The letters an avatar placeholder shows: the first letter of the first and last words of
 * the name ("Ada Lovelace" → "AL"), one for a single word, "?" when there is nothing.
 */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w));
  const first = (word: string | undefined) => {
    const match = word ? /[\p{L}\p{N}]/u.exec(word) : null;
    return match ? match[0].toLocaleUpperCase() : '';
  };
  if (words.length === 0) return '?';
  return words.length === 1 ? first(words[0]) : `${first(words[0])}${first(words[words.length - 1])}`;
}
