import { describe, expect, it } from 'vitest';

import { ANCHOR_MAX, QUOTE_MAX, draftFromSelection, notePath, precedingHeadingId, promptPosition, quoteFromText } from './selection';

/**
 * Just enough of a DOM tree for the selection helpers: elements and text in document order,
 * with `contains`, `compareDocumentPosition` and the one `querySelectorAll` they use.
 */
interface FakeNode {
  tag: string;
  id: string;
  /** It has an id attribute (maybe an empty one). */
  hasId: boolean;
  text: string;
  parent: FakeNode | null;
  children: FakeNode[];
  order: number;
  contains(other: FakeNode): boolean;
  compareDocumentPosition(other: FakeNode): number;
  querySelectorAll(selector: string): FakeNode[];
}

/** Text, or an element with its attributes and children. */
type Spec = string | ElementSpec;
interface ElementSpec {
  tag: string;
  attrs: { id?: string };
  children: Spec[];
}

const h = (tag: string, attrs: { id?: string }, ...children: Spec[]): ElementSpec => ({ tag, attrs, children });

function build(spec: Spec, parent: FakeNode | null, counter: { n: number }): FakeNode {
  const { tag, attrs, children } = typeof spec === 'string' ? { tag: '#text', attrs: {}, children: [] } : spec;
  const node: FakeNode = {
    tag,
    id: attrs.id ?? '',
    hasId: attrs.id !== undefined,
    text: typeof spec === 'string' ? spec : '',
    parent,
    children: [],
    order: counter.n++,
    contains(other) {
      for (let n: FakeNode | null = other; n; n = n.parent) if (n === node) return true;
      return false;
    },
    compareDocumentPosition(other) {
      if (other === node) return 0;
      // DOCUMENT_POSITION_FOLLOWING (4) | CONTAINED_BY (16), or PRECEDING (2) | CONTAINS (8).
      if (other.order > node.order) return node.contains(other) ? 20 : 4;
      return other.contains(node) ? 10 : 2;
    },
    querySelectorAll(selector) {
      expect(selector).toBe('h2[id], h3[id]');
      const found: FakeNode[] = [];
      const walk = (n: FakeNode) => {
        for (const child of n.children) {
          if ((child.tag === 'h2' || child.tag === 'h3') && child.hasId) found.push(child);
          walk(child);
        }
      };
      walk(node);
      return found;
    },
  };
  node.children = children.map((c) => build(c, node, counter));
  return node;
}

function fakeDocument(...children: Spec[]) {
  const root = build(h('div', {}, ...children), null, { n: 0 });
  const byText = (text: string): FakeNode => {
    const walk = (n: FakeNode): FakeNode | undefined => (n.text === text ? n : n.children.map(walk).find(Boolean));
    const found = walk(root);
    if (!found) throw new Error(`no text node "${text}"`);
    return found;
  };
  return { root, byText };
}

const post = fakeDocument(
  h('p', {}, 'Intro paragraph.'),
  h('h2', { id: 'setup' }, 'Setup'),
  h('p', {}, 'Install it.'),
  h('h3', { id: '' }, 'A heading without an id'),
  h('p', {}, 'Then configure it.'),
  h('h3', { id: 'details' }, 'Details'),
  h('ul', {}, h('li', {}, 'A list item.')),
  h('h2', { id: 'x'.repeat(ANCHOR_MAX + 1) }, 'A heading with a very long id'),
  h('p', {}, 'The end.'),
);

const asNode = (n: FakeNode) => n as unknown as Node;
const asRoot = (n: FakeNode) => n as unknown as ParentNode & Node;

function selection(text: string, start: FakeNode, end: FakeNode = start, collapsed = false): Selection {
  return {
    isCollapsed: collapsed,
    rangeCount: 1,
    getRangeAt: () => ({ startContainer: start, endContainer: end }),
    toString: () => text,
  } as unknown as Selection;
}

describe('quoteFromText', () => {
  it('makes runs of white space one space, and drops blank lines', () => {
    expect(quoteFromText('  The   row\tcomparison \n\n\n  is   fast.  \r\n')).toBe('The row comparison\nis fast.');
  });

  it('is empty for white space only', () => {
    expect(quoteFromText(' \n\t \n')).toBe('');
  });

  it('keeps a quote of exactly the limit whole', () => {
    const text = 'a'.repeat(QUOTE_MAX);
    expect(quoteFromText(text)).toBe(text);
  });

  it('cuts a longer quote to the limit, ending in an ellipsis', () => {
    const quote = quoteFromText(`${'word '.repeat(500)}end`);
    expect(Array.from(quote)).toHaveLength(QUOTE_MAX);
    expect(quote.endsWith('word…')).toBe(true);
  });

  it('counts characters as the API does, so an emoji is one and is never split', () => {
    const quote = quoteFromText('😀'.repeat(10), 5);
    expect(quote).toBe('😀😀😀😀…');
    expect(Array.from(quote)).toHaveLength(5);
  });
});

describe('precedingHeadingId', () => {
  it('finds the nearest h2 or h3 before the node', () => {
    expect(precedingHeadingId(asRoot(post.root), asNode(post.byText('Install it.')))).toBe('setup');
    expect(precedingHeadingId(asRoot(post.root), asNode(post.byText('A list item.')))).toBe('details');
  });

  it('skips headings without an id', () => {
    expect(precedingHeadingId(asRoot(post.root), asNode(post.byText('Then configure it.')))).toBe('setup');
  });

  it('uses the heading a selection starts in', () => {
    expect(precedingHeadingId(asRoot(post.root), asNode(post.byText('Details')))).toBe('details');
  });

  it('answers null before the first heading', () => {
    expect(precedingHeadingId(asRoot(post.root), asNode(post.byText('Intro paragraph.')))).toBeNull();
  });

  it('keeps the previous section when the nearest id is longer than the API keeps', () => {
    expect(precedingHeadingId(asRoot(post.root), asNode(post.byText('The end.')))).toBe('details');
  });
});

describe('draftFromSelection', () => {
  it('quotes the selected text and anchors it at its section', () => {
    const start = post.byText('Install it.');
    const end = post.byText('Then configure it.');
    expect(draftFromSelection(selection('Install it.\n\nThen configure it.', start, end), asNode(post.root))).toEqual({
      quote: 'Install it.\nThen configure it.',
      anchor: 'setup',
    });
  });

  it('has no anchor for a passage before any heading', () => {
    const start = post.byText('Intro paragraph.');
    expect(draftFromSelection(selection('Intro', start), asNode(post.root))).toEqual({ quote: 'Intro', anchor: null });
  });

  it('offers nothing for no selection, a collapsed one, or white space', () => {
    const node = post.byText('Install it.');
    expect(draftFromSelection(null, asNode(post.root))).toBeNull();
    expect(draftFromSelection(selection('', node, node, true), asNode(post.root))).toBeNull();
    expect(draftFromSelection(selection('  \n ', node), asNode(post.root))).toBeNull();
    const none = { isCollapsed: false, rangeCount: 0 } as unknown as Selection;
    expect(draftFromSelection(none, asNode(post.root))).toBeNull();
  });

  it('offers nothing for a selection that starts or ends outside the post text', () => {
    const outside = fakeDocument(h('p', {}, 'A comment below the post.'));
    const inside = post.byText('The end.');
    const elsewhere = outside.byText('A comment below the post.');
    expect(draftFromSelection(selection('The end. A comment', inside, elsewhere), asNode(post.root))).toBeNull();
    expect(draftFromSelection(selection('A comment', elsewhere, inside), asNode(post.root))).toBeNull();
  });
});

describe('promptPosition', () => {
  const container = { top: 100, left: 50, bottom: 2100, right: 730, width: 680 };

  it('puts the button just below the end of the selection, centred on it', () => {
    const end = { top: 400, left: 300, bottom: 420, right: 400, width: 100 };
    expect(promptPosition(end, container, 96)).toEqual({ top: 326, left: 302 });
  });

  it('keeps the button inside the container', () => {
    expect(promptPosition({ top: 400, left: 40, bottom: 420, right: 60, width: 20 }, container, 96).left).toBe(0);
    expect(promptPosition({ top: 400, left: 700, bottom: 420, right: 730, width: 30 }, container, 96).left).toBe(680 - 96);
  });
});

describe('notePath', () => {
  it('links to the section of the quoted passage, or to the post', () => {
    expect(notePath({ post: { slug: 'keyset-pagination' }, anchor: 'the-row-comparison' })).toBe('/posts/keyset-pagination#the-row-comparison');
    expect(notePath({ post: { slug: 'keyset-pagination' }, anchor: null })).toBe('/posts/keyset-pagination');
  });

  it('escapes what would break the address', () => {
    expect(notePath({ post: { slug: 'a' }, anchor: 'q&a #2' })).toBe('/posts/a#q%26a%20%232');
  });
});
