/** A text after an edit, and where the cursor goes. */
export interface TextEdit {
  text: string;
  cursor: number;
}

/** A selection in a text field (`selectionStart`, `selectionEnd`). */
export interface Selection {
  start: number;
  end: number;
}

/**
 * Puts `block` in place of the selection, on a line of its own: a line break before it
 * unless it starts a line, and one after it, except at the end of a line, whose own break
 * then ends the block (on an empty line the break is kept, so a blank line between
 * paragraphs stays). The cursor ends up at the start of the next line, so a second block
 * goes beneath the first. With no selection (the field was never focused), the block goes
 * at the end.
 */
export function insertBlock(text: string, block: string, selection: Selection | null = null): TextEdit {
  const clamp = (n: number) => Math.min(Math.max(n, 0), text.length);
  const start = clamp(selection ? Math.min(selection.start, selection.end) : text.length);
  const end = clamp(selection ? Math.max(selection.start, selection.end) : text.length);
  const before = text.slice(0, start);
  const after = text.slice(end);
  const lead = before === '' || before.endsWith('\n') ? '' : '\n';
  const trail = lead !== '' && after.startsWith('\n') ? '' : '\n';
  return {
    text: `${before}${lead}${block}${trail}${after}`,
    // Past the line break after the block, whether it was added or already there.
    cursor: before.length + lead.length + block.length + 1,
  };
}
