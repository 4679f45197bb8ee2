import { AdminJobs } from '@/features/admin/components/admin-jobs';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function Component() {
  useDocumentTitle('Admin · Jobs');
  return <AdminJobs />;
}
