import { I18nProvider, RouterProvider } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useHref, useNavigate, type NavigateOptions } from 'react-router';
import { Layout } from './components/layout';
import { RequireSignIn } from './components/require-sign-in';
import { locale, type Language } from './i18n/catalog';
import { CancelPage } from './pages/cancel';
import { ChoosePage } from './pages/choose';
import { DeviceCheckPage } from './pages/device-check';
import { JoinPage } from './pages/join';
import { OfficeApp } from './office/office-app';
import { ReservationPage, ReservationsPage } from './pages/reservations';
import { AuthCallbackPage, CheckMailPage, SignInPage } from './pages/sign-in';
import { StartPage } from './pages/start';
import { NotFoundPage, TermsPage } from './pages/terms';
import { RequestFlow } from './request/flow';

declare module 'react-aria-components' {
  interface RouterConfig {
    routerOptions: NavigateOptions;
  }
}

export function App() {
  const { i18n } = useTranslation();
  const navigate = useNavigate();
  return (
    <RouterProvider navigate={navigate} useHref={useHref}>
      <I18nProvider locale={locale(i18n.language as Language)}>
        <Routes>
          {/* The office's console and the auditor's desk: a layout of their own. */}
          <Route path="/office/*" element={<OfficeApp />} />
          <Route path="*" element={<SeekerApp />} />
        </Routes>
      </I18nProvider>
    </RouterProvider>
  );
}

function SeekerApp() {
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<StartPage />} />
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/sign-in/check-mail" element={<CheckMailPage />} />
        <Route path="/auth/seeker" element={<AuthCallbackPage />} />
        <Route path="/terms" element={<TermsPage />} />
        <Route path="/device-check" element={<DeviceCheckPage />} />
        <Route
          path="/request/*"
          element={
            <RequireSignIn>
              <RequestFlow />
            </RequireSignIn>
          }
        />
        <Route
          path="/reservations"
          element={
            <RequireSignIn>
              <ReservationsPage />
            </RequireSignIn>
          }
        />
        <Route
          path="/reservations/:id"
          element={
            <RequireSignIn>
              <ReservationPage />
            </RequireSignIn>
          }
        />
        <Route
          path="/reservations/:id/choose"
          element={
            <RequireSignIn>
              <ChoosePage />
            </RequireSignIn>
          }
        />
        <Route
          path="/reservations/:id/cancel"
          element={
            <RequireSignIn>
              <CancelPage />
            </RequireSignIn>
          }
        />
        <Route
          path="/reservations/:id/join"
          element={
            <RequireSignIn>
              <JoinPage />
            </RequireSignIn>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Layout>
  );
}
