import { useEffect, type RefObject } from 'react';
import { useLocation } from 'react-router';

import { highlightSection } from '@/lib/section-highlight';

/**
 * When the URL has a `#anchor`, scrolls to that section inside `root` and highlights it
 * briefly, once `content` (the HTML that holds the anchors) is on the page. It runs again for
 * each navigation, so a second link to the same section flashes it again.
 */
export function useSectionHighlight(root: RefObject<HTMLElement | null>, content: unknown): void {
  const { hash, key } = useLocation();
  useEffect(() => {
    const el = root.current;
    if (!el || hash.length < 2) return;
    let id: string;
    try {
      id = decodeURIComponent(hash.slice(1));
    } catch {
      id = hash.slice(1);
    }
    return highlightSection(el, id) ?? undefined;
  }, [root, hash, key, content]);
}
