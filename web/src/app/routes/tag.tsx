import { useParams } from 'react-router';

import { LoadMore } from '@/components/load-more';
import { NotFound } from '@/components/not-found';
import { PostList } from '@/components/post-list';
import { ErrorMessage, Loading } from '@/components/status';
import { usePosts } from '@/features/posts/api/get-posts';
import { useTag } from '@/features/tags/api/get-tags';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function TagRoute() {
  const { slug = '' } = useParams();
  const tag = useTag(slug);
  const posts = usePosts({ tag: slug });
  const name = tag.data?.name ?? slug;
  const unknown = tag.data === null && posts.data?.pages[0]?.items.length === 0;
  useDocumentTitle(unknown ? 'Not found' : `Posts tagged ${name}`);

  if (unknown) return <NotFound what="tag" />;

  return (
    <>
      <section className="intro">
        <p className="eyebrow">Tag</p>
        <h1>#{name}</h1>
        {tag.data && (
          <p className="lead">
            {tag.data.post_count} {tag.data.post_count === 1 ? 'post' : 'posts'}
          </p>
        )}
      </section>
      {posts.data ? (
        <>
          <PostList posts={posts.data.pages.flatMap((p) => p.items)} empty="No published posts have this tag." />
          {posts.isFetchNextPageError && <ErrorMessage error={posts.error} />}
          <LoadMore
            hasNextPage={posts.hasNextPage}
            isFetchingNextPage={posts.isFetchingNextPage}
            fetchNextPage={posts.fetchNextPage}
            auto={!posts.isFetchNextPageError}
          />
        </>
      ) : posts.isError ? (
        <ErrorMessage error={posts.error} />
      ) : (
        <Loading label="Loading posts…" />
      )}
    </>
  );
}
