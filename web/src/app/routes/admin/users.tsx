import { AdminUsers } from '@/features/admin/components/admin-users';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function Component() {
  useDocumentTitle('Admin · Users');
  return <AdminUsers />;
}
