import { Link } from 'react-router';

import { DifficultyBadge } from '@/components/difficulty-badge';
import { formatDate, formatReadingTime } from '@/lib/format';

import type { SearchHit } from '../api/search-posts';
import { hitHref } from '../utils/search-params';

import { SearchSnippet } from './search-snippet';

/** Search hits, best first, each opening its post at the section that matched. */
export function SearchResults({ hits }: { hits: SearchHit[] }) {
  return (
    <ol className="post-list search-results">
      {hits.map((hit) => (
        <li key={hit.id} className="post-card">
          <SearchHitCard hit={hit} />
        </li>
      ))}
    </ol>
  );
}

function SearchHitCard({ hit }: { hit: SearchHit }) {
  return (
    <article>
      <h2 className="post-card-title">
        <Link to={hitHref(hit)}>{hit.title}</Link>
      </h2>
      {hit.heading && (
        <p className="search-section">
          <span className="visually-hidden">Section: </span>
          {hit.heading}
        </p>
      )}
      <SearchSnippet html={hit.snippet} />
      <p className="meta">
        <span>{hit.author_name}</span>
        <span aria-hidden="true"> · </span>
        <time dateTime={hit.published_at}>{formatDate(hit.published_at)}</time>
        <span aria-hidden="true"> · </span>
        <span>{formatReadingTime(hit.reading_minutes)}</span>
        <span aria-hidden="true"> · </span>
        <DifficultyBadge difficulty={hit.difficulty} />
        {hit.premium && <span className="badge badge-premium">Premium</span>}
      </p>
      {hit.tags.length > 0 && (
        <ul className="tag-list" aria-label="Tags">
          {hit.tags.map((tag) => (
            <li key={tag.slug}>
              <Link className="tag" to={`/tags/${tag.slug}`}>
                #{tag.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
