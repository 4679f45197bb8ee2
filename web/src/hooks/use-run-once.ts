import { useEffect, useState } from 'react';

/**
 * A gate that lets each key through once in a row: `pass(key)` is true the first time it
 * sees a key and false for a repeat of the last one, or for no key.
 */
export function createOnceGate(): (key: string | null) => boolean {
  let last: string | null = null;
  return (key) => {
    if (key === null || key === last) return false;
    last = key;
    return true;
  };
}

/**
 * Calls `run(key)` once per key for the life of the component, for one-shot side effects
 * such as spending a single-use token from an emailed link. React's StrictMode runs every
 * effect twice in development; the gate lives in state, which survives that second run, so
 * the token is still sent only once. A different key (another link) runs again.
 */
export function useRunOnce(key: string | null, run: (key: string) => void): void {
  const [pass] = useState(createOnceGate);
  useEffect(() => {
    if (key !== null && pass(key)) run(key);
  }, [pass, key, run]);
}
