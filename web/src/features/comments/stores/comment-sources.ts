/**
 * The markdown of comments written in this tab. The API answers comments as rendered HTML
 * only, so this is what lets an author edit their words as they typed them; for older
 * comments the edit starts from the text of the HTML.
 */
const sources = new Map<string, string>();

export function rememberMarkdown(id: string, markdown: string): void {
  sources.set(id, markdown);
}

export function knownMarkdown(id: string): string | undefined {
  return sources.get(id);
}
