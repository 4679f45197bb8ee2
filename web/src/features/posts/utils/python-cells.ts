import type { Post } from '../api/get-post';

/** A runnable Python block of a post, in the order the server lists them. */
export interface PythonCellInfo {
  /** Position among the post's runnable cells (hidden ones included), from 0. */
  index: number;
  /** Setup code: runs before the first cell that runs, but is not shown. */
  hidden: boolean;
}

/** A runnable block found in the post's HTML, with its source text. */
export interface PythonBlock extends PythonCellInfo {
  code: string;
}

// The server renders ```python blocks as <pre><code class="language-python[ cell-norun|cell-hidden]">.
const CODE_OPEN = /<pre[^>]*>\s*<code\b[^>]*\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/code>/gi;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Whether a `<code>` element's classes make it a runnable cell, and a hidden one. */
export function cellKind(classes: Iterable<string>): 'cell' | 'hidden' | null {
  const set = new Set(classes);
  if (!set.has('language-python') || set.has('cell-norun')) return null;
  return set.has('cell-hidden') ? 'hidden' : 'cell';
}

/** The runnable Python blocks of server-rendered post HTML, in document order. */
export function parsePythonBlocks(html: string): PythonBlock[] {
  const blocks: PythonBlock[] = [];
  for (const match of html.matchAll(CODE_OPEN)) {
    const kind = cellKind((match[1] ?? match[2] ?? '').split(/\s+/));
    if (!kind) continue;
    // Highlighting markup (if any) is not part of the code.
    const code = decodeEntities((match[3] ?? '').replace(/<[^>]*>/g, '')).replace(/\n$/, '');
    blocks.push({ index: blocks.length, hidden: kind === 'hidden', code });
  }
  return blocks;
}

/** The selector for every runnable block's `<code>` in the rendered article, in the same order. */
export const CELL_SELECTOR = 'pre > code.language-python:not(.cell-norun)';

/**
 * The post's runnable cells. The one place that decides where they come from: the API's
 * `python_cells` once the schema has it, until then the HTML (same order, same rules).
 */
export function pythonCellsOf(post: Pick<Post, 'html'> & { python_cells?: PythonCellInfo[] }): PythonCellInfo[] {
  if (post.python_cells) return post.python_cells;
  // Only the classes: this runs on every post page, so it stays small (no entity decoding).
  const cells: PythonCellInfo[] = [];
  for (const match of post.html.matchAll(/<code\b[^>]*\bclass="([^"]*)"/g)) {
    const kind = cellKind((match[1] ?? '').split(' '));
    if (kind) cells.push({ index: cells.length, hidden: kind === 'hidden' });
  }
  return cells;
}

/** The name Python shows for a cell in tracebacks, e.g. `File "<cell 2>"`. */
export function cellFilename(index: number): string {
  return `<cell ${index + 1}>`;
}
