import { createBrowserRouter } from 'react-router';

import { Loading } from '@/components/status';

import { Layout } from './layout';
import { AdminLayout } from './routes/admin/layout';
import { BillingSuccessRoute } from './routes/billing-success';
import { BookmarksRoute } from './routes/bookmarks';
import { ForgotPasswordRoute } from './routes/forgot-password';
import { HomeRoute } from './routes/home';
import { LoginRoute } from './routes/login';
import { NewsletterConfirmRoute } from './routes/newsletter-confirm';
import { NotFoundRoute } from './routes/not-found';
import { NotesRoute } from './routes/notes';
import { NotificationsRoute } from './routes/notifications';
import { PostRoute } from './routes/post';
import { PricingRoute } from './routes/pricing';
import { RegisterRoute } from './routes/register';
import { ResetPasswordRoute } from './routes/reset-password';
import { SearchRoute } from './routes/search';
import { SeriesRoute } from './routes/series';
import { SeriesListRoute } from './routes/series-list';
import { SettingsRoute } from './routes/settings';
import { TagRoute } from './routes/tag';
import { UnsubscribeRoute } from './routes/unsubscribe';
import { VerifyEmailRoute } from './routes/verify-email';

export function createRouter() {
  return createBrowserRouter([
    {
      element: <Layout />,
      // Shown on a first visit straight to a lazily loaded (admin) screen.
      hydrateFallbackElement: <Loading />,
      children: [
        { path: '/', element: <HomeRoute /> },
        { path: '/posts/:slug', element: <PostRoute /> },
        { path: '/search', element: <SearchRoute /> },
        { path: '/series', element: <SeriesListRoute /> },
        { path: '/series/:slug', element: <SeriesRoute /> },
        { path: '/tags/:slug', element: <TagRoute /> },
        { path: '/login', element: <LoginRoute /> },
        { path: '/register', element: <RegisterRoute /> },
        { path: '/forgot-password', element: <ForgotPasswordRoute /> },
        { path: '/reset-password', element: <ResetPasswordRoute /> },
        { path: '/verify-email', element: <VerifyEmailRoute /> },
        { path: '/settings', element: <SettingsRoute /> },
        { path: '/bookmarks', element: <BookmarksRoute /> },
        { path: '/notes', element: <NotesRoute /> },
        { path: '/notifications', element: <NotificationsRoute /> },
        { path: '/pricing', element: <PricingRoute /> },
        { path: '/billing/success', element: <BillingSuccessRoute /> },
        { path: '/newsletter/confirm', element: <NewsletterConfirmRoute /> },
        { path: '/unsubscribe', element: <UnsubscribeRoute /> },
        {
          path: '/admin',
          element: <AdminLayout />,
          // Readers never download the admin screens.
          children: [
            { index: true, lazy: () => import('./routes/admin/index') },
            { path: 'posts', lazy: () => import('./routes/admin/posts') },
            { path: 'posts/new', lazy: () => import('./routes/admin/post-new') },
            { path: 'posts/:id', lazy: () => import('./routes/admin/post-edit') },
            { path: 'series', lazy: () => import('./routes/admin/series-list') },
            { path: 'series/:id', lazy: () => import('./routes/admin/series-edit') },
            { path: 'tags', lazy: () => import('./routes/admin/tags') },
            { path: 'redirects', lazy: () => import('./routes/admin/redirects') },
            { path: 'jobs', lazy: () => import('./routes/admin/jobs') },
            { path: 'import', lazy: () => import('./routes/admin/import') },
            { path: 'mailbox', lazy: () => import('./routes/admin/mailbox') },
            { path: 'billing', lazy: () => import('./routes/admin/billing') },
            { path: 'users', lazy: () => import('./routes/admin/users') },
            { path: 'comments', lazy: () => import('./routes/admin/comments') },
            { path: 'analytics', lazy: () => import('./routes/admin/analytics') },
          ],
        },
        { path: '*', element: <NotFoundRoute /> },
      ],
    },
  ]);
}
