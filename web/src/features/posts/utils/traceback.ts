const FRAME = /^ {2}File "([^"]*)", line \d+/;

/**
 * Trims a Python traceback to the reader's code: keeps the frames in `<cell N>` (with their
 * source and caret lines) and the error itself, drops the frames of Pyodide's own machinery
 * (`_pyodide/_base.py`, `<exec>`, ...) that ran the cell. A "Traceback" header left with no
 * frames (a syntax error) goes too. Chained exceptions keep their "During handling..." text.
 */
export function trimTraceback(text: string): string {
  const out: string[] = [];
  let keepFrame = true;
  let header: string | null = null;
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const frame = FRAME.exec(line);
    if (frame) {
      keepFrame = /^<cell \d+>$/.test(frame[1] ?? '');
      if (keepFrame && header !== null) {
        out.push(header);
        header = null;
      }
      if (keepFrame) out.push(line);
      continue;
    }
    if (line.startsWith(' ')) {
      // A frame's source, caret or "[Previous line repeated ...]" line.
      if (keepFrame) out.push(line);
      continue;
    }
    keepFrame = true;
    if (line === 'Traceback (most recent call last):') {
      header = line;
      continue;
    }
    header = null;
    out.push(line);
  }
  return out.join('\n');
}
