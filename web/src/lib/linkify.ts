/** A piece of plain text: either text as is, or a web address to show as a link. */
export type TextSegment = { type: 'text'; text: string } | { type: 'link'; text: string; href: string };

// Only http(s): a `javascript:` or `data:` "link" in an email must stay text.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that ends a sentence rather than the address ("see https://x.dev/a.").
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', '*', "'", '"']);
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Drops trailing punctuation, and closing brackets that have no opening one in the URL. */
function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const last = url.at(-1);
    if (last === undefined) return url;
    const opener = CLOSERS[last];
    if (TRAILING.has(last) || (opener !== undefined && count(url, opener) < count(url, last))) {
      url = url.slice(0, -1);
    } else {
      return url;
    }
  }
}

function isWebUrl(candidate: string): boolean {
  try {
    const url = new URL(candidate);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Splits plain text (an email's text body) into text and http(s) links, in order. Joining
 * every segment's `text` gives back the input exactly.
 */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  const pushText = (piece: string) => {
    if (!piece) return;
    const last = segments.at(-1);
    if (last?.type === 'text') last.text += piece;
    else segments.push({ type: 'text', text: piece });
  };

  let index = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    if (!isWebUrl(url)) continue;
    pushText(text.slice(index, match.index));
    segments.push({ type: 'link', text: url, href: url });
    index = match.index + url.length;
  }
  pushText(text.slice(index));
  return segments;
}
