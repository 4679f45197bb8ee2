import { useEffect, useRef } from 'react';

import { highlightCodeBlocks } from '@/lib/highlight';

interface ArticleHtmlProps {
  /** HTML the server rendered and sanitized. */
  html: string;
  className?: string;
}

/** Server-rendered post HTML with its code blocks highlighted. */
export function ArticleHtml({ html, className = 'prose' }: ArticleHtmlProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (ref.current) highlightCodeBlocks(ref.current);
  }, [html]);

  // The API sanitizes this HTML (see PostResponse.html), so it is safe to insert.
  return <div ref={ref} className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
