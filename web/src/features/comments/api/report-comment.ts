import { $api } from '@/lib/api-client';

/** Reports a comment to the moderators (reporting it again changes nothing). */
export function useReportComment() {
  return $api.useMutation('post', '/api/v1/comments/{id}/report');
}
