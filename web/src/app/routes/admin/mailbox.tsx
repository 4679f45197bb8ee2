import { AdminMailbox } from '@/features/admin/components/admin-mailbox';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function Component() {
  useDocumentTitle('Admin · Mailbox');
  return <AdminMailbox />;
}
