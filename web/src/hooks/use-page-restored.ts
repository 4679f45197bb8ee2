import { useEffect } from 'react';

/**
 * Calls `onRestore` when the browser shows this page again from its back/forward cache,
 * state and all: after Back from Stripe, say, a button left "Redirecting…" would stay so.
 */
export function usePageRestored(onRestore: () => void): void {
  useEffect(() => {
    const listener = (event: PageTransitionEvent) => {
      if (event.persisted) onRestore();
    };
    window.addEventListener('pageshow', listener);
    return () => window.removeEventListener('pageshow', listener);
  }, [onRestore]);
}
