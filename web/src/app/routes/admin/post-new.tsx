import { PostEditor } from '@/features/admin/components/post-editor';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function Component() {
  useDocumentTitle('Admin · New post');
  return <PostEditor />;
}
