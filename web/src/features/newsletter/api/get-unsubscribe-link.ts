import { useQuery } from '@tanstack/react-query';

import { $api } from '@/lib/api-client';

/** Which list and address an unsubscribe link names; reading it changes nothing. */
export const unsubscribeLinkQueryOptions = (token: string) =>
  $api.queryOptions('get', '/api/v1/newsletter/unsubscribe', { params: { query: { token } } });

export function useUnsubscribeLink(token: string | null) {
  return useQuery({ ...unsubscribeLinkQueryOptions(token ?? ''), enabled: token !== null });
}
