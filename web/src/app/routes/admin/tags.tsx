import { AdminTags } from '@/features/admin/components/admin-tags';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function Component() {
  useDocumentTitle('Admin · Tags');
  return <AdminTags />;
}
