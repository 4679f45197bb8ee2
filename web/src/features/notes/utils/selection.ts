/** The longest passage a note quotes, in characters (the API's limit). */
export const QUOTE_MAX = 2000;
/** The longest section id a note keeps (the API's limit); a longer one is left out. */
export const ANCHOR_MAX = 200;

// Node.DOCUMENT_POSITION_FOLLOWING, spelled out so this also runs where there is no DOM.
const FOLLOWING = 4;

/** What a new note starts from: the passage it quotes and the section that passage is in. */
export interface NoteDraft {
  quote: string | null;
  anchor: string | null;
}

/**
 * Selected text as a note quotes it: each line's runs of white space made one space, blank
 * lines dropped, and cut to `max` characters (counted as the API counts them, so an emoji is
 * one) with an ellipsis when longer. Empty when nothing but white space was selected.
 */
export function quoteFromText(text: string, max = QUOTE_MAX): string {
  const quote = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
  const chars = Array.from(quote);
  if (chars.length <= max) return quote;
  const cut = chars.slice(0, max - 1).join('').trimEnd();
  return `${cut}…`;
}

/**
 * The id of the last `h2` or `h3` inside `root` that starts at or before `node` (the
 * heading the node sits under, or in), or null when no section heading comes before it.
 */
export function precedingHeadingId(root: ParentNode, node: Node): string | null {
  let id: string | null = null;
  for (const heading of root.querySelectorAll('h2[id], h3[id]')) {
    const at = heading === node || (heading.compareDocumentPosition(node) & FOLLOWING) !== 0;
    if (!at) break;
    if (heading.id && heading.id.length <= ANCHOR_MAX) id = heading.id;
  }
  return id;
}

/**
 * The note a selection inside `root` would start: its text as the quote and the section it
 * starts in as the anchor. Null for an empty selection, or one that reaches outside `root`.
 */
export function draftFromSelection(selection: Selection | null, root: Node): NoteDraft | null {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
  const quote = quoteFromText(selection.toString());
  if (!quote) return null;
  return { quote, anchor: precedingHeadingId(root as ParentNode, range.startContainer) };
}

interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
  width: number;
}

/**
 * Where the "Add note" button goes, relative to `container`: just below the end of the
 * selection (`end`, the last box of its range), kept inside the container's width.
 */
export function promptPosition(end: Box, container: Box, buttonWidth: number): { top: number; left: number } {
  const top = end.bottom - container.top + 6;
  const widest = Math.max(0, container.width - buttonWidth);
  const left = Math.min(Math.max(0, end.right - container.left - buttonWidth / 2), widest);
  return { top: Math.round(top), left: Math.round(left) };
}

/** The link to the place a note is about: its post, at the section of the quoted passage. */
export function notePath(note: { post: { slug: string }; anchor?: string | null }): string {
  const base = `/posts/${encodeURIComponent(note.post.slug)}`;
  return note.anchor ? `${base}#${encodeURIComponent(note.anchor)}` : base;
}
