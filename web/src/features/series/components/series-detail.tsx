import { PostList } from '@/components/post-list';

import type { Series } from '../api/get-series';

export function SeriesDetail({ series }: { series: Series }) {
  return (
    <section>
      <p className="eyebrow">Series · {series.posts.length} {series.posts.length === 1 ? 'part' : 'parts'}</p>
      <h1>{series.title}</h1>
      {series.description && <p className="lead">{series.description}</p>}
      <PostList posts={series.posts} numbered empty="Nothing published in this series yet." />
    </section>
  );
}
