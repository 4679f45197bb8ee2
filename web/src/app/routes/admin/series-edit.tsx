import { useParams } from 'react-router';

import { NotFound } from '@/components/not-found';
import { ErrorMessage, Loading } from '@/components/status';
import { useAdminSeries } from '@/features/admin/api/get-admin-series';
import { SeriesEditor } from '@/features/admin/components/series-editor';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { problemStatus } from '@/lib/problem';

export function Component() {
  const { id = '' } = useParams();
  const series = useAdminSeries(id);
  useDocumentTitle(series.data ? `Admin · ${series.data.title}` : 'Admin · Series');

  if (series.isPending) return <Loading />;
  if (series.isError) {
    const status = problemStatus(series.error);
    return status === 404 || status === 400 || status === 422 ? <NotFound what="series" /> : <ErrorMessage error={series.error} />;
  }
  return <SeriesEditor key={series.data.id} series={series.data} />;
}
