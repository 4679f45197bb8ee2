import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import type { components } from '@/api/schema';

import { RevisionDiff } from './revision-diff';

type DiffLine = components['schemas']['DiffLine'];

const same = (text: string): DiffLine => ({ change: 'same', text });
const added = (text: string): DiffLine => ({ change: 'added', text });
const removed = (text: string): DiffLine => ({ change: 'removed', text });

const long: DiffLine[] = [
  ...Array.from({ length: 20 }, (_, i) => same(`before ${i + 1}`)),
  removed('old line'),
  added('new line'),
  ...Array.from({ length: 20 }, (_, i) => same(`after ${i + 1}`)),
];

describe('RevisionDiff', () => {
  const render = (diff: DiffLine[]) => renderToStaticMarkup(createElement(RevisionDiff, { diff }));

  it('draws removed and added lines with their numbers, signs and spoken labels', () => {
    const html = render([same('# Title'), removed('Old words.'), added('New words.')]);
    const rows = html.match(/<tr class="diff-line[^"]*">.*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('class="diff-line diff-same"');
    expect(rows[0]).toMatch(/<td class="diff-num">1<\/td><td class="diff-num">1<\/td>/);
    expect(rows[1]).toContain('class="diff-line diff-removed"');
    expect(rows[1]).toMatch(/<td class="diff-num">2<\/td><td class="diff-num"><\/td>/);
    expect(rows[1]).toContain('<span class="diff-sign" aria-hidden="true">−</span><span class="visually-hidden">Removed: </span>Old words.');
    expect(rows[2]).toContain('class="diff-line diff-added"');
    expect(rows[2]).toMatch(/<td class="diff-num"><\/td><td class="diff-num">2<\/td>/);
    expect(rows[2]).toContain('<span class="diff-sign" aria-hidden="true">+</span><span class="visually-hidden">Added: </span>New words.');
  });

  it('folds long unchanged stretches behind a button', () => {
    const html = render(long);
    expect(html.match(/Show 17 unchanged lines/g)).toHaveLength(2);
    expect(html).not.toContain('before 1<');
    expect(html).toContain('before 18');
  });

  it('shows markdown as text, never as markup', () => {
    const html = render([added('<script>alert(1)</script> & <b>bold</b>')]);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<script>');
  });
});
