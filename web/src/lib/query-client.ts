import { QueryClient } from '@tanstack/react-query';

import { problemStatus } from './problem';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx answer will not change by asking again; network and 5xx failures might.
        retry: (failureCount, error) => {
          const status = problemStatus(error);
          if (status !== undefined && status < 500) return false;
          return failureCount < 2;
        },
      },
    },
  });
}
