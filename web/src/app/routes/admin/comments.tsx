import { AdminModeration } from '@/features/admin/components/admin-moderation';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function Component() {
  useDocumentTitle('Admin · Comments');
  return <AdminModeration />;
}
