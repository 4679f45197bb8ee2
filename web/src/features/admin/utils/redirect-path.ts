/**
 * What an admin typed as a redirect's path, as the API takes it: trimmed, and a full address
 * of this site (`https://blog.example/old/`, pasted from the address bar) cut to its path and
 * query. Anything else is left as typed, for the API to accept or explain.
 */
export function sitePath(input: string, origin: string): string {
  const value = input.trim();
  if (!/^https?:\/\//i.test(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  return url.origin === origin ? `${url.pathname}${url.search}` : value;
}
