import { AdminBilling } from '@/features/admin/components/admin-billing';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function Component() {
  useDocumentTitle('Admin · Billing');
  return <AdminBilling />;
}
