import { AdminSeriesList } from '@/features/admin/components/admin-series-list';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function Component() {
  useDocumentTitle('Admin · Series');
  return <AdminSeriesList />;
}
