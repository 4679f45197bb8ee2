import type { components } from '@/api/schema';

type DiffLine = components['schemas']['DiffLine'];
type DiffChange = components['schemas']['DiffChange'];

/** Unchanged lines shown around each change. */
export const DIFF_CONTEXT = 3;

/** A diff line with its place in each text. */
export interface NumberedLine {
  change: DiffChange;
  text: string;
  /** Its line number in the revision; null for a line only the current text has. */
  before: number | null;
  /** Its line number in the current text; null for a line only the revision has. */
  after: number | null;
}

export type DiffRow =
  | { kind: 'line'; line: NumberedLine }
  /** Unchanged lines far from any change, folded into one row. */
  | { kind: 'gap'; lines: NumberedLine[] };

/** Numbers each line in the text(s) it is in: a removed line is only in the revision, an added one only in the current text. */
export function numberLines(diff: readonly DiffLine[]): NumberedLine[] {
  let before = 0;
  let after = 0;
  return diff.map(({ change, text }) => {
    if (change !== 'added') before += 1;
    if (change !== 'removed') after += 1;
    return { change, text, before: change === 'added' ? null : before, after: change === 'removed' ? null : after };
  });
}

/**
 * The rows of a line diff: every changed line with `context` unchanged lines on either side;
 * each longer run of unchanged lines is folded into one gap row. A fold would hide a single
 * line only, so such a line is shown instead.
 */
export function diffRows(diff: readonly DiffLine[], context = DIFF_CONTEXT): DiffRow[] {
  const lines = numberLines(diff);
  const shown = lines.map(() => false);
  lines.forEach((line, i) => {
    if (line.change === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j += 1) shown[j] = true;
  });

  const rows: DiffRow[] = [];
  let folded: NumberedLine[] = [];
  const flush = () => {
    if (folded.length > 1) rows.push({ kind: 'gap', lines: folded });
    else for (const line of folded) rows.push({ kind: 'line', line });
    folded = [];
  };
  lines.forEach((line, i) => {
    if (shown[i]) {
      flush();
      rows.push({ kind: 'line', line });
    } else {
      folded.push(line);
    }
  });
  flush();
  return rows;
}

/** How many lines the current text added and removed since the revision. */
export function diffStats(diff: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const { change } of diff) {
    if (change === 'added') added += 1;
    else if (change === 'removed') removed += 1;
  }
  return { added, removed };
}

/** "2 lines added, 1 removed", or null when no line differs. */
export function describeDiff(diff: readonly DiffLine[]): string | null {
  const { added, removed } = diffStats(diff);
  if (added === 0 && removed === 0) return null;
  const parts: string[] = [];
  if (added > 0) parts.push(`${added} ${added === 1 ? 'line' : 'lines'} added`);
  if (removed > 0) parts.push(added > 0 ? `${removed} removed` : `${removed} ${removed === 1 ? 'line' : 'lines'} removed`);
  return parts.join(', ');
}
