import { useSyncExternalStore } from 'react';

/** The post a question is about. */
export interface AskScope {
  slug: string;
  title: string;
}

export interface AskPanelState {
  open: boolean;
  /** Questions are about this post only; null asks about every post. */
  scope: AskScope | null;
  /** A question to send as soon as the panel shows it (from the command palette). */
  pending: { question: string; id: number } | null;
}

type Listener = () => void;

let state: AskPanelState = { open: false, scope: null, pending: null };
const listeners = new Set<Listener>();
let nextId = 1;

function set(next: Partial<AskPanelState>) {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

/**
 * Opens the Ask AI panel from anywhere (header, palette, post page). `scope` limits the
 * questions to one post, `null` asks about every post, and leaving it out keeps the scope
 * the panel had. `question` is asked right away.
 */
export function openAsk({ scope, question }: { scope?: AskScope | null; question?: string } = {}) {
  const q = question?.trim();
  set({ open: true, scope: scope === undefined ? state.scope : scope, pending: q ? { question: q, id: nextId++ } : null });
}

export function closeAsk() {
  set({ open: false, pending: null });
}

/** The panel has taken its pending question. */
export function takePending(id: number) {
  if (state.pending?.id === id) set({ pending: null });
}

/** Drops the post scope: further questions are about every post. */
export function clearAskScope() {
  set({ scope: null });
}

const subscribe = (l: Listener) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const getState = () => state;

export function useAskPanel(): AskPanelState {
  return useSyncExternalStore(subscribe, getState, getState);
}
