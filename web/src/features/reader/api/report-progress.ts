import { fetchClient } from '@/lib/api-client';

import type { ProgressReport } from '../utils/reading-progress';

/**
 * Sends how far the reader got. `keepalive` lets the request outlive the page, for the last
 * report sent while the reader leaves. Progress is best effort: failures are dropped.
 */
export async function reportProgress(slug: string, report: ProgressReport, { keepalive = false } = {}): Promise<void> {
  try {
    await fetchClient.PUT('/api/v1/me/progress/{slug}', { params: { path: { slug } }, body: report, keepalive });
  } catch {
    // Offline or leaving: the next report carries the deepest point again.
  }
}
