import { useCallback, useEffect, useState, type RefObject } from 'react';

import { draftFromSelection, promptPosition, type NoteDraft } from '../utils/selection';

/** About the width of the "Add note" button, to keep it inside the text column. */
const PROMPT_WIDTH = 96;

export interface NotePrompt {
  draft: NoteDraft;
  /** Where the button goes, relative to the text's offset parent (the box the button is placed in too). */
  top: number;
  left: number;
}

/**
 * Watches the reader's selection: while it is text inside `text`, answers the note it would
 * start and where to offer it (just below the end of the selection). `dismiss` forgets the
 * selection, e.g. once the note form has taken it.
 */
export function useNotePrompt(text: RefObject<HTMLElement | null>): { prompt: NotePrompt | null; dismiss: () => void } {
  const [prompt, setPrompt] = useState<NotePrompt | null>(null);

  useEffect(() => {
    let frame = 0;
    const measure = () => {
      frame = 0;
      const el = text.current;
      const selection = document.getSelection();
      const draft = el ? draftFromSelection(selection, el) : null;
      if (!el || !selection || !draft) {
        setPrompt(null);
        return;
      }
      const range = selection.getRangeAt(0);
      const boxes = range.getClientRects();
      const end = boxes[boxes.length - 1] ?? range.getBoundingClientRect();
      const origin = el.offsetParent ?? el;
      setPrompt({ draft, ...promptPosition(end, origin.getBoundingClientRect(), PROMPT_WIDTH) });
    };
    // A drag fires many of these; look once per frame.
    const onChange = () => {
      if (!frame) frame = window.requestAnimationFrame(measure);
    };
    document.addEventListener('selectionchange', onChange);
    // The text reflows: the button follows the end of the selection.
    window.addEventListener('resize', onChange);
    // A passage may already be selected (the panel loads after the post).
    onChange();
    return () => {
      document.removeEventListener('selectionchange', onChange);
      window.removeEventListener('resize', onChange);
      if (frame) window.cancelAnimationFrame(frame);
    };
  }, [text]);

  const dismiss = useCallback(() => {
    document.getSelection()?.removeAllRanges();
    setPrompt(null);
  }, []);

  return { prompt, dismiss };
}
