import { googleStartHref } from '../utils/google';

/**
 * "Continue with Google": a full-page navigation, since the API answers with redirects. Back
 * from Google, the refresh cookie is set and the start-up refresh signs the user in.
 */
export function GoogleSignIn({ returnTo = '/' }: { returnTo?: string }) {
  return (
    <div className="oauth">
      <p className="oauth-divider">
        <span>or</span>
      </p>
      <a className="button" href={googleStartHref(returnTo)}>
        Continue with Google
      </a>
    </div>
  );
}
