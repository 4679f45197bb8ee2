/** The class that marks a section just scrolled to; the stylesheet fades it out. */
export const HIGHLIGHT_CLASS = 'section-highlight';
export const HIGHLIGHT_MS = 3000;

const HEADING = /^H([1-6])$/;

/**
 * The elements of the section `target` starts: a heading and its following siblings up to
 * the next heading of the same or a higher level; any other element on its own.
 */
export function sectionElements(target: Element): Element[] {
  const level = HEADING.exec(target.tagName)?.[1];
  if (!level) return [target];
  const elements = [target];
  for (let el = target.nextElementSibling; el; el = el.nextElementSibling) {
    const other = HEADING.exec(el.tagName)?.[1];
    if (other && Number(other) <= Number(level)) break;
    elements.push(el);
  }
  return elements;
}

/**
 * Scrolls to the element with id `id` inside `root` and highlights its section briefly.
 * Returns a function that removes the highlight early, or null when there is no such element.
 */
export function highlightSection(root: HTMLElement, id: string): (() => void) | null {
  const target = root.ownerDocument.getElementById(id);
  if (!target || !root.contains(target)) return null;
  const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  target.scrollIntoView({ block: 'start', behavior: reduceMotion ? 'auto' : 'smooth' });

  const elements = sectionElements(target);
  for (const el of elements) {
    el.classList.remove(HIGHLIGHT_CLASS);
    // Restart the fade when the same section is highlighted again.
    void (el as HTMLElement).offsetWidth;
    el.classList.add(HIGHLIGHT_CLASS);
  }
  const clear = () => {
    for (const el of elements) el.classList.remove(HIGHLIGHT_CLASS);
  };
  const timer = window.setTimeout(clear, HIGHLIGHT_MS);
  return () => {
    window.clearTimeout(timer);
    clear();
  };
}
