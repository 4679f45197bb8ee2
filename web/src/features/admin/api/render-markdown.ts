import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { useDebouncedValue } from '@/hooks/use-debounced-value';
import { $api } from '@/lib/api-client';

export const PREVIEW_DEBOUNCE_MS = 300;

/** The server's rendering of some markdown; a POST, but safe to cache by its input. */
export const renderMarkdownQueryOptions = (markdown: string) =>
  $api.queryOptions('post', '/api/v1/admin/render', { body: { markdown } }, { staleTime: Infinity, gcTime: 60_000 });

/** A live preview of `markdown`, asked for once typing pauses. */
export function useMarkdownPreview(markdown: string) {
  const settled = useDebouncedValue(markdown, PREVIEW_DEBOUNCE_MS);
  const query = useQuery({
    ...renderMarkdownQueryOptions(settled),
    enabled: settled.trim().length > 0,
    placeholderData: keepPreviousData,
  });
  return { ...query, isStale: settled !== markdown || query.isPlaceholderData };
}
