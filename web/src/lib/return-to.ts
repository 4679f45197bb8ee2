/**
 * Where to send a reader back to after Checkout. The paywall remembers the post before the
 * reader goes off to the pricing page and Stripe; the success page offers a link back. It
 * lives in sessionStorage, so it belongs to this tab and is gone once the tab is closed.
 */
export const RETURN_TO_KEY = 'lectern:return-to';

/**
 * Whether a value is a path on this site: one leading '/', then no second '/' or '\'
 * (`//host` and `/\host` are other sites to a browser) and no control characters, which
 * browsers strip from URLs (`/\t/host` would become `//host`).
 */
export function isSafePath(value: unknown): value is string {
  if (typeof value !== 'string' || !value.startsWith('/')) return false;
  if (value[1] === '/' || value[1] === '\\') return false;
  return !/[\u0000-\u001f\u007f]/.test(value);
}

/** The storage to use, or null where it is missing or refused (some private modes throw). */
function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** Remembers a same-site path to come back to; anything else is ignored. */
export function rememberReturnTo(path: string, store: Storage | null = storage()): void {
  if (!store || !isSafePath(path)) return;
  try {
    store.setItem(RETURN_TO_KEY, path);
  } catch {
    // A full or disabled storage only costs the "Continue reading" link.
  }
}

/** The remembered path, if there is one and it is still a safe one. */
export function readReturnTo(store: Storage | null = storage()): string | null {
  if (!store) return null;
  try {
    const path = store.getItem(RETURN_TO_KEY);
    return isSafePath(path) ? path : null;
  } catch {
    return null;
  }
}

/** Forgets the remembered path, so a later purchase does not offer a stale one. */
export function forgetReturnTo(store: Storage | null = storage()): void {
  try {
    store?.removeItem(RETURN_TO_KEY);
  } catch {
    // Nothing to do: reading it back is checked anyway.
  }
}
