/**
 * An email's extra headers as name/value pairs, in the order the API sent them. The API
 * stores them as a JSON object (`{"List-Unsubscribe": "<…>"}`); pairs (`[["Name", "v"]]`)
 * are read too. Values that are not strings are shown as JSON; anything else yields none.
 */
export function headerEntries(headers: unknown): Array<[string, string]> {
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  if (Array.isArray(headers)) {
    return headers.flatMap((pair): Array<[string, string]> =>
      Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' ? [[pair[0], text(pair[1])]] : [],
    );
  }
  if (typeof headers === 'object' && headers !== null) {
    return Object.entries(headers).map(([name, value]) => [name, text(value)]);
  }
  return [];
}

/** "verify_email" → "verify email", for table cells. */
export function humanize(code: string): string {
  return code.replace(/_/g, ' ');
}
