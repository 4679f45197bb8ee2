/** A same-site path to go to after signing in; anything else (absolute URLs, `//host`) becomes '/'. */
export function safeNext(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  return raw;
}
