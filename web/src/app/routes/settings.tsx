import { Navigate, useLocation } from 'react-router';

import { Loading } from '@/components/status';
import { AvatarSetting } from '@/features/account/components/avatar-setting';
import { ChangePasswordForm } from '@/features/account/components/change-password-form';
import { DeleteAccount } from '@/features/account/components/delete-account';
import { DigestSetting } from '@/features/account/components/digest-setting';
import { ExportData } from '@/features/account/components/export-data';
import { NotificationSettings } from '@/features/account/components/notification-settings';
import { ProfileSettings } from '@/features/account/components/profile-settings';
import { ThemeSetting } from '@/features/account/components/theme-setting';
import { useCurrentUser } from '@/features/auth/api/get-me';
import { AccountDetails } from '@/features/auth/components/account-details';
import { SubscriptionSettings } from '@/features/billing/components/subscription-settings';
import { useDocumentTitle } from '@/hooks/use-document-title';

/**
 * The signed-in user's account, avatar and name, password, subscription, theme, email and notification
 * settings, their data and deleting the account; anonymous visitors sign in first.
 */
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
      <section className="card" aria-labelledby="settings-profile">
        <h2 id="settings-profile">Profile</h2>
        <AvatarSetting user={user} />
        <ProfileSettings />
      </section>
      <section className="card" aria-labelledby="settings-password">
        <h2 id="settings-password">Password</h2>
        <ChangePasswordForm />
      </section>
      <section className="card" aria-labelledby="settings-subscription">
        <h2 id="settings-subscription">Subscription</h2>
        <SubscriptionSettings premium={user.premium} premiumUntil={user.premium_until} />
      </section>
      <section className="card" aria-labelledby="settings-theme">
        <h2 id="settings-theme">Theme</h2>
        <ThemeSetting />
      </section>
      <section className="card" aria-labelledby="settings-email">
        <h2 id="settings-email">Emails</h2>
        <DigestSetting />
      </section>
      <section className="card" aria-labelledby="settings-notifications">
        <h2 id="settings-notifications">Notifications</h2>
        <NotificationSettings accountSectionId="settings-account" />
      </section>
      <section className="card" aria-labelledby="settings-data">
        <h2 id="settings-data">Your data</h2>
        <ExportData />
      </section>
      <section className="card" aria-labelledby="settings-delete">
        <h2 id="settings-delete">Delete account</h2>
        <DeleteAccount />
      </section>
    </>
  );
}
