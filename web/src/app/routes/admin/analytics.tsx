import { AdminAnalytics } from '@/features/admin/components/admin-analytics';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function Component() {
  useDocumentTitle('Admin · Analytics');
  return <AdminAnalytics />;
}
