import { useParams } from 'react-router';

import { NotFound } from '@/components/not-found';
import { ErrorMessage, Loading } from '@/components/status';
import { useSeries } from '@/features/series/api/get-series';
import { SeriesDetail } from '@/features/series/components/series-detail';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { problemStatus } from '@/lib/problem';

export function SeriesRoute() {
  const { slug = '' } = useParams();
  const series = useSeries(slug);
  useDocumentTitle(series.data?.title ?? (series.isError ? 'Not found' : 'Series'));

  if (series.isPending) return <Loading label="Loading the series…" />;
  if (series.isError) {
    return problemStatus(series.error) === 404 ? <NotFound what="series" /> : <ErrorMessage error={series.error} />;
  }
  return <SeriesDetail series={series.data} />;
}
