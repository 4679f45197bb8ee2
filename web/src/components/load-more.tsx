import { useEffect, useRef } from 'react';

interface LoadMoreProps {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  /** Load the next page when the footer scrolls into view (default true). */
  auto?: boolean;
  /** The button's text (default "Load more"). */
  label?: string;
}

/**
 * The end of an infinite list: loads the next page when it comes into view, with a
 * "Load more" button for browsers without IntersectionObserver and for keyboard users.
 */
export function LoadMore({ hasNextPage, isFetchingNextPage, fetchNextPage, auto = true, label = 'Load more' }: LoadMoreProps) {
  const sentinel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = sentinel.current;
    if (!auto || !el || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) fetchNextPage();
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [auto, hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (!hasNextPage) return null;
  return (
    <div ref={sentinel} className="load-more">
      <button type="button" className="button" onClick={() => fetchNextPage()} disabled={isFetchingNextPage}>
        {isFetchingNextPage ? 'Loading…' : label}
      </button>
    </div>
  );
}
