import { AdminRedirects } from '@/features/admin/components/admin-redirects';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function Component() {
  useDocumentTitle('Admin · Redirects');
  return <AdminRedirects />;
}
