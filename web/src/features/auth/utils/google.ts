/**
 * Where "Continue with Google" goes: the API's start endpoint, which redirects to Google and,
 * after the callback, back to `returnTo` with the refresh cookie set. `/` stays readable in
 * the query string (RFC 3986 allows it there).
 */
export function googleStartHref(returnTo = '/'): string {
  return `/api/v1/auth/google/start?return_to=${encodeURIComponent(returnTo).replace(/%2F/gi, '/')}`;
}
