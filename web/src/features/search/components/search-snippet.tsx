interface SearchSnippetProps {
  /** `SearchHit.snippet`: the server escapes everything and adds only `<mark>`. */
  html: string;
  className?: string;
}

/** The passage that matched, with the matched words highlighted. */
export function SearchSnippet({ html, className = 'search-snippet' }: SearchSnippetProps) {
  // Only this field is rendered as HTML: the API escapes the passage and adds <mark> itself.
  return <p className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
