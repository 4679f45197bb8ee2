import { useQuery } from '@tanstack/react-query';

import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type Settings = components['schemas']['Settings'];

export const settingsQueryOptions = () => $api.queryOptions('get', '/api/v1/me/settings');

/** The signed-in user's settings. */
export function useSettings() {
  return useQuery(settingsQueryOptions());
}
