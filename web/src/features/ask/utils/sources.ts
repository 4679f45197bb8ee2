/** Where a cited passage is: its post, opened at its section. */
export function sourceHref(source: { post_slug: string; anchor?: string | null }): string {
  const path = `/posts/${encodeURIComponent(source.post_slug)}`;
  return source.anchor ? `${path}#${encodeURIComponent(source.anchor)}` : path;
}

/** "Post title › Section" (just the title before the post's first heading). */
export function sourceLabel(source: { post_title: string; heading: string }): string {
  return source.heading ? `${source.post_title} › ${source.heading}` : source.post_title;
}
