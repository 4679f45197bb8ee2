import { isProblem, errorMessage } from './problem';

/**
 * The `token` of an emailed link (`?token=…`), from a location's query string; null when
 * the link has none (cut off while copying, say).
 */
export function parseToken(search: string | URLSearchParams): string | null {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const token = params.get('token')?.trim();
  return token ? token : null;
}

/**
 * Why an emailed link did not work, as a sentence. The API refuses a bad token with a 422
 * whose field error on `token` says what is wrong ("is invalid, expired or already used");
 * anything else (rate limit, network) is told in its own words.
 */
export function linkErrorMessage(error: unknown): string {
  if (isProblem(error)) {
    const token = error.errors?.find((e) => e.field === 'token');
    if (token) return `This link ${token.message.replace(/\.$/, '')}.`;
  }
  return errorMessage(error);
}
