/** Where a reader's edit of one cell is kept: per post and cell, on this device only. */
export function cellStorageKey(slug: string, index: number): string {
  return `lectern:python-cell:${slug}:${index}`;
}

interface SavedCell {
  /** The reader's code. */
  code: string;
  /** The author's code the edit started from: an edit of an older version is dropped. */
  original: string;
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function defaultStore(): Store | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage can be disabled (privacy settings); edits then last as long as the page.
    return null;
  }
}

/** The reader's saved code for a cell, or the author's when there is none (or it is stale). */
export function loadCellCode(slug: string, index: number, original: string, store = defaultStore()): string {
  try {
    const raw = store?.getItem(cellStorageKey(slug, index));
    if (!raw) return original;
    const saved = JSON.parse(raw) as Partial<SavedCell>;
    if (typeof saved.code === 'string' && saved.original === original) return saved.code;
  } catch {
    // Unreadable: fall back to the author's code.
  }
  return original;
}

/** Keeps the reader's code; the author's code itself is not stored (that is a reset). */
export function saveCellCode(slug: string, index: number, original: string, code: string, store = defaultStore()): void {
  try {
    if (code === original) store?.removeItem(cellStorageKey(slug, index));
    else store?.setItem(cellStorageKey(slug, index), JSON.stringify({ code, original } satisfies SavedCell));
  } catch {
    // Quota exceeded or storage disabled: the edit stays on the page only.
  }
}

/** "Reset to the original": forgets the reader's edit. */
export function clearCellCode(slug: string, index: number, store = defaultStore()): void {
  try {
    store?.removeItem(cellStorageKey(slug, index));
  } catch {
    // Nothing to forget.
  }
}
