import type { components } from '@/api/schema';
import { fetchClient } from '@/lib/api-client';

import type { ProgressReport } from '../utils/reading-progress';

export type Progress = components['schemas']['Progress'];

/**
 * Sends how far the reader got, and resolves to their progress after it (null when it did not
 * arrive). `keepalive` lets the request outlive the page, for the last report sent while the
 * reader leaves. Progress is best effort: failures are dropped.
 */
export async function reportProgress(slug: string, report: ProgressReport, { keepalive = false } = {}): Promise<Progress | null> {
  try {
    const { data } = await fetchClient.PUT('/api/v1/me/progress/{slug}', { params: { path: { slug } }, body: report, keepalive });
    return data ?? null;
  } catch {
    // Offline or leaving: the next report carries the deepest point again.
    return null;
  }
}
