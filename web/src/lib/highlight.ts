import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';

// Only the languages posts use, to keep the bundle small; aliases (py, rs, sh, js, ts)
// come with each definition.
hljs.registerLanguage('python', python);
hljs.registerLanguage('rust', rust);
hljs.registerLanguage('sql', sql);
hljs.registerLanguage('bash', bash);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('json', json);

/** The language named by a `language-*` class, if any. */
export function codeLanguage(el: Element): string | null {
  for (const cls of el.classList) {
    if (cls.startsWith('language-')) return cls.slice('language-'.length);
  }
  return null;
}

/**
 * Highlights every `pre > code` under `root`. Blocks in a language we do not load keep
 * their text as is but get the `hljs` class, so all code blocks look alike.
 */
export function highlightCodeBlocks(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('pre > code')) {
    if (el.dataset.highlighted) continue;
    const language = codeLanguage(el);
    if (language && hljs.getLanguage(language)) {
      hljs.highlightElement(el);
    } else {
      el.classList.add('hljs');
    }
  }
}
