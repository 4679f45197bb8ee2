import { AdminImport } from '@/features/admin/components/admin-import';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function Component() {
  useDocumentTitle('Admin · Import');
  return <AdminImport />;
}
