import { useQueryClient } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

import { postStatesKey } from './get-post-states';
import { reactionsQueryOptions, type ReactionKind, type Reactions } from './get-reactions';

/** Leaves a reaction on a post or takes it back; both answer the counts after the change. */
export function useSetReaction(slug: string) {
  const queryClient = useQueryClient();
  const onSuccess = (counts: Reactions) => {
    queryClient.setQueryData(reactionsQueryOptions(slug).queryKey, counts);
    void queryClient.invalidateQueries({ queryKey: postStatesKey() });
  };
  const add = $api.useMutation('put', '/api/v1/posts/{slug}/reactions/{kind}', { onSuccess });
  const remove = $api.useMutation('delete', '/api/v1/posts/{slug}/reactions/{kind}', { onSuccess });
  return {
    set: (kind: ReactionKind, on: boolean) => (on ? add : remove).mutate({ params: { path: { slug, kind } } }),
    isPending: add.isPending || remove.isPending,
    error: add.error ?? remove.error,
  };
}
