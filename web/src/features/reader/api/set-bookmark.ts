import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { fetchClient } from '@/lib/api-client';

import { patchPostState, type PostState } from '../utils/post-states';

import { bookmarksQueryOptions } from './get-bookmarks';
import { postStatesKey } from './get-post-states';

type BookmarkPage = components['schemas']['Page_Bookmark'];

/**
 * Bookmarks a post or removes the bookmark. The toggle and the bookmarks list change at
 * once; both are asked again afterwards, so a failure puts them back.
 */
export function useSetBookmark() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ slug, on }: { slug: string; on: boolean }) => {
      const init = { params: { path: { slug } } };
      const { error } = on
        ? await fetchClient.PUT('/api/v1/me/bookmarks/{slug}', init)
        : await fetchClient.DELETE('/api/v1/me/bookmarks/{slug}', init);
      if (error) throw error;
    },
    onMutate: async ({ slug, on }) => {
      await queryClient.cancelQueries({ queryKey: postStatesKey() });
      queryClient.setQueriesData<PostState[]>({ queryKey: postStatesKey() }, (states) => patchPostState(states, slug, { bookmarked: on }));
      if (!on) {
        queryClient.setQueryData<InfiniteData<BookmarkPage>>(bookmarksQueryOptions().queryKey, (data) =>
          data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((b) => b.post.slug !== slug) })) } : data,
        );
      }
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: postStatesKey() }),
        queryClient.invalidateQueries({ queryKey: bookmarksQueryOptions().queryKey }),
      ]),
  });
}
