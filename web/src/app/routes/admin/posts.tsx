import { AdminPosts } from '@/features/admin/components/admin-posts';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function Component() {
  useDocumentTitle('Admin · Posts');
  return <AdminPosts />;
}
