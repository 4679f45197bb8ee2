/**
 * An answer's text as blocks and inline pieces to render: citations `[n]` (and `[1, 2]`)
 * become chips when source n exists, and a small, safe subset of markdown is kept
 * (paragraphs, lists, fenced code, `code` and **bold**). Nothing here produces HTML: the
 * pieces are rendered as React text, so an answer can never inject markup.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'cite'; n: number }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] };

export type Block =
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'code'; text: string };

/** Which source numbers exist; a `[n]` for any other number stays text. */
export type KnownSources = (n: number) => boolean;

const CITATION = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/**
 * Splits text into plain runs and citation chips. `[2]`, `[1, 3]` and `[1][2]` are
 * citations when every number in the brackets is a known source; `[0]`, `[7]` with five
 * sources, and `[see 1]` are left as they are. Adjacent text runs are merged.
 */
export function splitCitations(text: string, known: KnownSources): Inline[] {
  const parts: Inline[] = [];
  const pushText = (t: string) => {
    if (!t) return;
    const last = parts[parts.length - 1];
    if (last?.kind === 'text') last.text += t;
    else parts.push({ kind: 'text', text: t });
  };
  let at = 0;
  for (const match of text.matchAll(CITATION)) {
    const numbers = (match[1] ?? '').split(',').map((s) => Number(s.trim()));
    if (!numbers.every((n) => Number.isInteger(n) && n > 0 && known(n))) continue;
    pushText(text.slice(at, match.index));
    for (const n of numbers) parts.push({ kind: 'cite', n });
    at = match.index + match[0].length;
  }
  pushText(text.slice(at));
  return parts;
}

/** Inline markdown: `code` first (nothing inside it is a citation), then **bold**, then citations. */
export function parseInline(text: string, known: KnownSources): Inline[] {
  const out: Inline[] = [];
  const codeParts = text.split(/(`[^`\n]+`)/);
  for (const part of codeParts) {
    if (part.length > 2 && part.startsWith('`') && part.endsWith('`')) {
      out.push({ kind: 'code', text: part.slice(1, -1) });
      continue;
    }
    const strongParts = part.split(/(\*\*[^*\n]+\*\*)/);
    for (const piece of strongParts) {
      if (piece.length > 4 && piece.startsWith('**') && piece.endsWith('**')) {
        out.push({ kind: 'strong', children: splitCitations(piece.slice(2, -2), known) });
      } else {
        for (const inline of splitCitations(piece, known)) {
          const last = out[out.length - 1];
          if (inline.kind === 'text' && last?.kind === 'text') last.text += inline.text;
          else out.push(inline);
        }
      }
    }
  }
  return out;
}

const LIST_ITEM = /^\s{0,3}(?:([-*+])|(\d{1,3})[.)])\s+(.*)$/;

/** The answer as blocks. Works on a partial answer too (a stream still arriving). */
export function parseAnswer(answer: string, known: KnownSources): Block[] {
  const blocks: Block[] = [];
  const lines = answer.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;

  const flushParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', children: parseInline(paragraph.join(' '), known) });
    paragraph = [];
  };
  const flushList = () => {
    if (list) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map((i) => parseInline(i, known)) });
    list = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*```/.test(line)) {
      flushParagraph();
      flushList();
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i] ?? ''); i++) code.push(lines[i] ?? '');
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flushParagraph();
      flushList();
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flushParagraph();
      const ordered = item[2] !== undefined;
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push(item[3] ?? '');
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      // A continuation line of the last list item.
      list.items[list.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  flushParagraph();
  flushList();
  return blocks;
}
