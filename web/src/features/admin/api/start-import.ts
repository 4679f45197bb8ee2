import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type ImportFormat = components['schemas']['Format'];
export type ImportStatus = components['schemas']['ImportStatus'];

/** Uploads an export file as it was downloaded; the import then runs in the background. */
export function useStartImport() {
  return $api.useMutation('post', '/api/v1/admin/import');
}

/** The file itself is the body: no JSON around it. */
export const rawBody = (body: unknown) => body as BodyInit;
