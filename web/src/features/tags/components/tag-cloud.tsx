import { Link } from 'react-router';

import type { Tag } from '../api/get-tags';

export function TagCloud({ tags, label = 'Topics' }: { tags: Tag[]; label?: string }) {
  if (tags.length === 0) return null;
  return (
    <nav className="tag-cloud" aria-label={label}>
      <ul className="tag-list">
        {tags.map((tag) => (
          <li key={tag.id}>
            <Link className="tag" to={`/tags/${tag.slug}`}>
              #{tag.name} <span className="count">{tag.post_count}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
