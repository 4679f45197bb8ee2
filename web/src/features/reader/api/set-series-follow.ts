import { useMutation, useQueryClient } from '@tanstack/react-query';

import { $api, fetchClient } from '@/lib/api-client';

import { postStatesKey } from './get-post-states';

/** Follows a series (new posts in it become notifications) or stops following it. */
export function useSetSeriesFollow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ series, on }: { series: string; on: boolean }) => {
      const init = { params: { path: { slug: series } } };
      const { error } = on
        ? await fetchClient.PUT('/api/v1/me/follows/series/{slug}', init)
        : await fetchClient.DELETE('/api/v1/me/follows/series/{slug}', init);
      if (error) throw error;
    },
    // Every post of the series changes: ask again for all the states on screen.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: postStatesKey() }),
        queryClient.invalidateQueries({ queryKey: $api.queryOptions('get', '/api/v1/me/follows').queryKey }),
      ]),
  });
}
