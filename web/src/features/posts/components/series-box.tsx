import { Link } from 'react-router';

import type { components } from '@/api/schema';

type SeriesNav = components['schemas']['SeriesNav'];

export function SeriesBox({ series }: { series: SeriesNav }) {
  return (
    <nav className="series-box" aria-label="Series">
      <p className="series-box-title">
        Part {series.position} of {series.total} in <Link to={`/series/${series.slug}`}>{series.title}</Link>
      </p>
      {(series.prev || series.next) && (
        <div className="series-box-links">
          {series.prev ? (
            <Link rel="prev" to={`/posts/${series.prev.slug}`}>
              <span aria-hidden="true">← </span>Previous: {series.prev.title}
            </Link>
          ) : (
            <span />
          )}
          {series.next && (
            <Link rel="next" to={`/posts/${series.next.slug}`}>
              Next: {series.next.title}
              <span aria-hidden="true"> →</span>
            </Link>
          )}
        </div>
      )}
    </nav>
  );
}
