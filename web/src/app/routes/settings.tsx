import { Navigate, useLocation } from 'react-router';

import { Loading } from '@/components/status';
import { DigestSetting } from '@/features/account/components/digest-setting';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { AccountDetails } from '@/features/auth/components/account-details';
import { SubscriptionSettings } from '@/features/billing/components/subscription-settings';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** The signed-in user's account, subscription and email settings; anonymous visitors sign in first. */
export function SettingsRoute() {
  useDocumentTitle('Settings');
  const { user, isLoading, isSignedIn } = useCurrentUser();
  const location = useLocation();

  if (isLoading) return <Loading />;
  if (!isSignedIn || !user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }

  return (
    <>
      <h1>Settings</h1>
      <section className="card" aria-labelledby="settings-account">
        <h2 id="settings-account">Account</h2>
        <AccountDetails user={user} />
      </section>
      <section className="card" aria-labelledby="settings-subscription">
        <h2 id="settings-subscription">Subscription</h2>
        <SubscriptionSettings premium={user.premium} premiumUntil={user.premium_until} />
      </section>
      <section className="card" aria-labelledby="settings-email">
        <h2 id="settings-email">Emails</h2>
        <DigestSetting />
      </section>
    </>
  );
}
