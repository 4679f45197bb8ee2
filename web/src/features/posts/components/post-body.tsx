import { lazy, Suspense, useLayoutEffect, useMemo, useRef, useState } from 'react';

import { ArticleHtml } from '@/components/article-html';

import type { Post } from '../api/get-post';
import { CELL_SELECTOR, pythonCellsOf } from '../utils/python-cells';

import type { CellMount } from './python-cell';

// CodeMirror and the Python runner load only for posts that have cells.
const PythonCells = lazy(() => import('./python-cells'));

interface PostBodyProps {
  post: Post;
}

/** The post's HTML, with its runnable Python blocks turned into cells. */
export function PostBody({ post }: PostBodyProps) {
  const ref = useRef<HTMLDivElement>(null);
  // Keyed on the HTML: a refetch of the same post must not remount (and reset) its cells.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const cells = useMemo(() => pythonCellsOf(post), [post.html]);
  const [mounts, setMounts] = useState<CellMount[]>([]);

  useLayoutEffect(() => {
    const root = ref.current;
    if (!root || cells.length === 0) {
      setMounts([]);
      return;
    }
    const found: CellMount[] = [];
    root.querySelectorAll<HTMLElement>(CELL_SELECTOR).forEach((code, i) => {
      const info = cells[i];
      const pre = code.parentElement;
      if (!info || !pre) return;
      const original = (code.textContent ?? '').replace(/\n$/, '');
      let host: HTMLElement | null = null;
      if (info.hidden) {
        pre.hidden = true;
      } else {
        host = document.createElement('div');
        host.className = 'python-cell-host';
        pre.before(host);
      }
      found.push({ index: info.index, hidden: info.hidden, original, pre, host });
    });
    setMounts(found);
    return () => {
      for (const m of found) {
        m.host?.remove();
        m.pre.hidden = false;
      }
    };
  }, [cells]);

  return (
    <div ref={ref}>
      <ArticleHtml html={post.html} />
      {mounts.length > 0 && (
        <Suspense fallback={null}>
          <PythonCells slug={post.slug} mounts={mounts} />
        </Suspense>
      )}
    </div>
  );
}
