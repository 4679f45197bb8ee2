import { Link } from 'react-router';

import { useDocumentTitle } from '@/hooks/use-document-title';

export function NotFound({ what = 'page' }: { what?: string }) {
  useDocumentTitle('Not found');
  return (
    <section className="not-found">
      <h1>Not found</h1>
      <p>There is no {what} here. It may have moved, or never existed.</p>
      <p>
        <Link to="/">Back to the latest posts</Link>
      </p>
    </section>
  );
}
