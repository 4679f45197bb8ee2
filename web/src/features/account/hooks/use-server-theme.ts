import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';

import { useCurrentUser } from '@/features/auth/api/get-me';
import { theme } from '@/lib/theme';

import { settingsQueryOptions } from '../api/get-settings';

/**
 * Applies the signed-in reader's saved theme once their settings load: it wins over the
 * one this browser remembered (which showed meanwhile, and is replaced by it).
 */
export function useServerTheme() {
  const { isSignedIn } = useCurrentUser();
  const settings = useQuery({ ...settingsQueryOptions(), enabled: isSignedIn });
  const saved = isSignedIn ? settings.data?.theme : undefined;

  useEffect(() => {
    if (saved) theme.setPreference(saved);
  }, [saved]);
}
