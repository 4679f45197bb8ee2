import { Link, useSearchParams } from 'react-router';

import { LoadMore } from '@/components/load-more';
import { ErrorMessage, Loading } from '@/components/status';
import { DifficultyFilter } from '@/features/posts/components/difficulty-filter';
import { useSearch } from '@/features/search/api/search-posts';
import { OptionFilter } from '@/features/search/components/option-filter';
import { SearchForm } from '@/features/search/components/search-form';
import { SearchResults } from '@/features/search/components/search-results';
import { DEFAULT_MODE, readSearchQuery, SEARCH_MODES, searchHref, searchParamsFor, type SearchQuery } from '@/features/search/utils/search-params';
import { useSeriesOptions } from '@/features/series/api/get-series-options';
import { useTags } from '@/features/tags/api/get-tags';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { capitalize } from '@/lib/format';

const MODE_OPTIONS = SEARCH_MODES.map((mode) => ({ value: mode, label: capitalize(mode) }));

export function SearchRoute() {
  const [params, setParams] = useSearchParams();
  const query = readSearchQuery(params);
  const results = useSearch(query);
  const tags = useTags();
  const series = useSeriesOptions();
  useDocumentTitle(query.q ? `Search: ${query.q}` : 'Search');

  const update = (change: Partial<SearchQuery>) => setParams(searchParamsFor({ ...query, ...change }));
  const first = results.data?.pages[0];
  const hits = results.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <section className="intro">
        <h1>Search</h1>
        {/* Keyed by the query so back and forward show the query of that page. */}
        <SearchForm key={query.q} initial={query.q} onSearch={(q) => update({ q })} />
      </section>
      <div className="search-filters" role="group" aria-label="Search options">
        <OptionFilter label="Mode" value={query.mode} options={MODE_OPTIONS} onChange={(mode) => update({ mode: SEARCH_MODES.find((m) => m === mode) ?? DEFAULT_MODE })} />
        <OptionFilter
          label="Tag"
          value={query.tag}
          allLabel="Any tag"
          options={(tags.data ?? []).map((t) => ({ value: t.slug, label: t.name }))}
          onChange={(tag) => update({ tag })}
        />
        <OptionFilter
          label="Series"
          value={query.series}
          allLabel="Any series"
          options={(series.data?.items ?? []).map((s) => ({ value: s.slug, label: s.title }))}
          onChange={(s) => update({ series: s })}
        />
        <DifficultyFilter value={query.difficulty} onChange={(difficulty) => update({ difficulty })} />
      </div>

      {!query.q.trim() ? (
        <p className="muted">Type a few words: a topic, a function name, a phrase in quotes, or -word to leave a word out.</p>
      ) : results.data && first ? (
        <section aria-label="Results">
          {first.did_you_mean && (
            <p className="did-you-mean">
              Did you mean <Link to={searchHref({ ...query, q: first.did_you_mean })}>{first.did_you_mean}</Link>?
            </p>
          )}
          {first.mode !== query.mode && (
            <p className="alert" role="note">
              {capitalize(query.mode)} search is not available here right now; these are {first.mode} results.
            </p>
          )}
          {first.relaxed && hits.length > 0 && (
            <p className="alert alert-warning" role="note">
              No post contains every word you typed; these contain some of them.
            </p>
          )}
          {hits.length === 0 ? (
            <p className="muted">No posts match “{query.q}”.</p>
          ) : (
            <SearchResults hits={hits} />
          )}
          {results.isFetchNextPageError && <ErrorMessage error={results.error} />}
          <LoadMore
            hasNextPage={results.hasNextPage}
            isFetchingNextPage={results.isFetchingNextPage}
            fetchNextPage={results.fetchNextPage}
            auto={false}
          />
        </section>
      ) : results.isError ? (
        <ErrorMessage error={results.error} />
      ) : (
        <Loading label="Searching…" />
      )}
    </>
  );
}
