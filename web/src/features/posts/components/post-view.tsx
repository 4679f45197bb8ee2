import { useRef, type ReactNode, type RefObject } from 'react';
import { Link } from 'react-router';

import { DifficultyBadge } from '@/components/difficulty-badge';
import { useSectionHighlight } from '@/hooks/use-section-highlight';
import { formatDate, formatReadingTime } from '@/lib/format';

import type { Post } from '../api/get-post';

import { PaywallNotice } from './paywall-notice';
import { PostBody } from './post-body';
import { RelatedPosts } from './related-posts';
import { SeriesBox } from './series-box';

interface PostViewProps {
  post: Post;
  signedIn: boolean;
  /** Payments are set up here: the paywall offers to subscribe. */
  canSubscribe?: boolean;
  /** Opens the Ask AI panel about this post; without it there is no "Ask" button. */
  onAsk?: () => void;
  /** More buttons for the header (bookmark, reactions). */
  actions?: ReactNode;
  /** Takes the article element (reading progress measures it). */
  articleRef?: RefObject<HTMLElement | null>;
  /** Takes the element that holds the post's text (notes quote from it). */
  textRef?: RefObject<HTMLDivElement | null>;
  /** Beside the article on a wide screen, below it on a narrow one (the reader's notes). */
  margin?: ReactNode;
  /** What follows the article, before the related posts (the comments). */
  children?: ReactNode;
  /** At the post's end, before the related posts (the reader's "Next for you"). */
  next?: ReactNode;
}

export function PostView({
  post,
  signedIn,
  canSubscribe = false,
  onAsk,
  actions,
  articleRef: outerRef,
  textRef,
  margin,
  children,
  next,
}: PostViewProps) {
  const ownRef = useRef<HTMLElement>(null);
  const articleRef = outerRef ?? ownRef;
  // A link to /posts/{slug}#{anchor} (search results, citations) opens at that section.
  useSectionHighlight(articleRef, post.html);

  return (
    <>
      <div className="post-layout">
        <article className="post" ref={articleRef}>
          <header className="post-header">
            <h1>{post.title}</h1>
            <p className="meta">
              <span>By {post.author_name}</span>
              <span aria-hidden="true"> · </span>
              <time dateTime={post.published_at}>{formatDate(post.published_at)}</time>
              <span aria-hidden="true"> · </span>
              <span>{formatReadingTime(post.reading_minutes)}</span>
              <span aria-hidden="true"> · </span>
              <DifficultyBadge difficulty={post.difficulty} />
              {post.premium && <span className="badge badge-premium">Premium</span>}
            </p>
            {post.tags.length > 0 && (
              <ul className="tag-list" aria-label="Tags">
                {post.tags.map((tag) => (
                  <li key={tag.slug}>
                    <Link className="tag" to={`/tags/${tag.slug}`}>
                      #{tag.name}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
            {(onAsk || actions) && (
              <div className="post-actions">
                {onAsk && (
                  <button type="button" className="button button-small" onClick={onAsk}>
                    Ask about this post
                  </button>
                )}
                {actions}
              </div>
            )}
          </header>
          {post.series && <SeriesBox series={post.series} />}
          <div className="post-text" ref={textRef}>
            <PostBody post={post} />
          </div>
          {post.locked && <PaywallNotice signedIn={signedIn} canSubscribe={canSubscribe} />}
          {post.series && (post.series.prev || post.series.next) && <SeriesBox series={post.series} />}
        </article>
        {margin}
      </div>
      {children}
      {next}
      <RelatedPosts slug={post.slug} />
    </>
  );
}
