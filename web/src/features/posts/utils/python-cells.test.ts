import { describe, expect, it } from 'vitest';

import { cellFilename, cellKind, parsePythonBlocks, pythonCellsOf } from './python-cells';

// The HTML contract: what the server renders for ```python, ```python norun and ```python hidden.
const HTML = [
  '<h2 id="intro">Intro</h2>',
  '<pre><code class="language-python cell-hidden">import math\n</code></pre>',
  '<p>Some text with <code>inline</code> code.</p>',
  '<pre><code class="language-python">print(sum(range(10)))\n</code></pre>',
  '<pre><code class="language-python cell-norun">print(&#39;shown only&#39;)\n</code></pre>',
  '<pre><code class="language-rust">fn main() {}\n</code></pre>',
  '<pre><code class="language-python">if 1 &lt; 2 &amp;&amp; &quot;a&quot;:\n    x = {&#x27;k&#x27;: 1}\n</code></pre>',
  '<pre><code>plain</code></pre>',
].join('\n');

describe('parsePythonBlocks', () => {
  it('finds runnable cells in order, hidden ones included and norun ones left out', () => {
    const blocks = parsePythonBlocks(HTML);
    expect(blocks.map(({ index, hidden }) => ({ index, hidden }))).toEqual([
      { index: 0, hidden: true },
      { index: 1, hidden: false },
      { index: 2, hidden: false },
    ]);
    expect(blocks[0]?.code).toBe('import math');
    expect(blocks[1]?.code).toBe('print(sum(range(10)))');
  });

  it('decodes the escaped source text', () => {
    expect(parsePythonBlocks(HTML)[2]?.code).toBe('if 1 < 2 && "a":\n    x = {\'k\': 1}');
  });

  it('finds nothing in a post without Python', () => {
    expect(parsePythonBlocks('<p>No code</p><pre><code class="language-sql">select 1</code></pre>')).toEqual([]);
    expect(parsePythonBlocks('<pre><code class="language-python cell-norun">x</code></pre>')).toEqual([]);
  });
});

describe('cellKind', () => {
  it('reads the classes', () => {
    expect(cellKind(['language-python'])).toBe('cell');
    expect(cellKind(['language-python', 'cell-hidden'])).toBe('hidden');
    expect(cellKind(['language-python', 'cell-norun'])).toBeNull();
    expect(cellKind(['language-pythonic'])).toBeNull();
  });
});

describe('pythonCellsOf', () => {
  it('uses the API list when the post has one', () => {
    expect(pythonCellsOf({ html: HTML, python_cells: [{ index: 0, hidden: false }] })).toEqual([
      { index: 0, hidden: false },
    ]);
  });

  it('falls back to the HTML', () => {
    expect(pythonCellsOf({ html: HTML })).toHaveLength(3);
  });
});

describe('cellFilename', () => {
  it('numbers cells from 1', () => {
    expect(cellFilename(0)).toBe('<cell 1>');
  });
});
