import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';
import { useSeriesList } from '@/features/series/api/get-series-list';
import { SeriesList } from '@/features/series/components/series-list';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function SeriesListRoute() {
  useDocumentTitle('Series');
  const list = useSeriesList();
  return (
    <>
      <section className="intro">
        <h1>Series</h1>
        <p className="lead">Posts meant to be read in order, from the first step to the last.</p>
      </section>
      {list.data ? (
        <>
          <SeriesList series={list.data.pages.flatMap((p) => p.items)} />
          {list.isFetchNextPageError && <ErrorMessage error={list.error} />}
          <LoadMore
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={list.fetchNextPage}
            auto={!list.isFetchNextPageError}
          />
        </>
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : (
        <Loading label="Loading series…" />
      )}
    </>
  );
}
