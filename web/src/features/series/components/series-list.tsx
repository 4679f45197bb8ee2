import { Link } from 'react-router';

import type { SeriesSummary } from '../api/get-series-list';

export function SeriesList({ series }: { series: SeriesSummary[] }) {
  if (series.length === 0) return <p className="muted">No series yet.</p>;
  return (
    <ul className="series-list">
      {series.map((s) => (
        <li key={s.id} className="series-card">
          <h2>
            <Link to={`/series/${s.slug}`}>{s.title}</Link>
          </h2>
          <p className="meta">
            {s.post_count} {s.post_count === 1 ? 'part' : 'parts'}
          </p>
          {s.description && <p>{s.description}</p>}
        </li>
      ))}
    </ul>
  );
}
