// The office's console and the auditor's desk under /office: staff sign in with a user
// name and password (staff-sign-in.tsx); the navigation shows only the screens the member's roles may use,
// and a screen outside them says so instead of showing anything (the gateway refuses the
// same calls with 403 in any case).
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { Notice, PageHeading } from '../components/ui';
import { currentLanguage, setLanguage } from '../i18n';
import { LANGUAGES, htmlLang, type Language } from '../i18n/catalog';
import { AccountsPage } from './accounts';
import { AlertsPage } from './alerts';
import { DisclosuresPage, HistoryPage, IntegrityPage, UsagePage } from './audit';
import { FlyerPage } from './flyer';
import { OwnPasswordPage } from './own-password';
import { RequestsPage } from './requests';
import { SeekersPage } from './seekers';
import { SettingsPage } from './settings';
import { homeOf, may, SCREENS, staffSignOut, type Screen, type StaffSession } from './staff-session';
import { StaffSignInPage } from './staff-sign-in';
import { TodayPage } from './today';
import { useStaff } from './use-staff';

function StaffLanguage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <nav aria-label={t('layout.language')}>
      <ul className="m-0 flex list-none flex-wrap gap-2 p-0">
        {LANGUAGES.map((code: Language) => (
          <li key={code}>
            <button
              type="button"
              lang={htmlLang(code)}
              aria-current={code === language ? 'true' : undefined}
              onClick={() => void setLanguage(code)}
              className={
                code === language
                  ? 'min-h-11 rounded-6 border border-blue-900 bg-blue-900 px-3 text-std-16B-170 text-white'
                  : 'min-h-11 cursor-pointer rounded-6 border border-solid-gray-420 bg-white px-3 text-std-16N-170 text-blue-1000 underline hover:bg-blue-50'
              }
            >
              {t(`languages.${code}`)}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const SCREEN_ORDER: Screen[] = [
  'today',
  'requests',
  'alerts',
  'seekers',
  'flyer',
  'settings',
  'disclosures',
  'history',
  'integrity',
  'usage',
  'accounts',
];

function OfficeNav({ session }: { session: StaffSession }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('office.nav.label')} className="border-t border-solid-gray-100 bg-solid-gray-50">
      <ul className="mx-auto m-0 flex max-w-6xl list-none flex-wrap gap-x-1 gap-y-1 px-4 py-2">
        {SCREEN_ORDER.filter((screen) => may(session, screen)).map((screen) => (
          <li key={screen}>
            <NavLink
              to={`/office/${screen}`}
              className={({ isActive }) =>
                isActive
                  ? 'block rounded-6 bg-blue-900 px-3 py-2 font-bold text-white no-underline visited:text-white hover:text-white'
                  : 'block rounded-6 px-3 py-2 text-blue-1000 visited:text-blue-1000'
              }
            >
              {t(`office.nav.${screen}`)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function OfficeLayout({ session, children }: { session?: StaffSession; children: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <a
        href="#main"
        className="absolute left-2 top-[-100px] z-50 print:hidden rounded-6 bg-yellow-300 px-4 py-2 font-bold text-black focus:top-2"
      >
        {t('layout.skip')}
      </a>
      <header className="border-b border-solid-gray-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <p className="m-0 text-std-18B-160">
            <span className="block text-dns-14N-130 text-solid-gray-700">{t('meta.service')}</span>
            {t('office.title')}
          </p>
          <div className="flex flex-wrap items-center gap-3">
            {session && (
              <p className="m-0 text-dns-14N-130" data-testid="signed-in-as">
                {t('office.signedInAs', {
                  name: session.username,
                  roles: session.roles.map((role) => t(`office.roles.${role}`)).join('・'),
                })}
              </p>
            )}
            {session && (
              // Every role's own account, so beside the name rather than among the role's screens.
              <NavLink
                to="/office/password"
                className="text-blue-1000 visited:text-blue-1000"
                data-testid="own-password-link"
              >
                {t('office.ownPassword.link')}
              </NavLink>
            )}
            {session && (
              <button
                type="button"
                className="btn-link"
                onClick={() => {
                  staffSignOut();
                  navigate('/office');
                }}
              >
                {t('layout.signOut')}
              </button>
            )}
            <StaffLanguage />
          </div>
        </div>
        {session && <OfficeNav session={session} />}
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 pb-16 pt-8 outline-none">
        {children}
      </main>
    </>
  );
}

/** A screen of the console: signed-in staff of the right role only (any role without `screen`). */
function Guard({ screen, session, children }: { screen?: Screen; session?: StaffSession; children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  if (!session) return <Navigate to="/office" replace state={{ next: location.pathname + location.search }} />;
  if (screen && !may(session, screen))
    return (
      <>
        <PageHeading>{t('office.forbidden.title')}</PageHeading>
        <p>{t('office.forbidden.text')}</p>
      </>
    );
  return <>{children}</>;
}

const PAGES: Record<Screen, () => ReactNode> = {
  today: () => <TodayPage />,
  requests: () => <RequestsPage />,
  alerts: () => <AlertsPage />,
  seekers: () => <SeekersPage />,
  flyer: () => <FlyerPage />,
  settings: () => <SettingsPage />,
  disclosures: () => <DisclosuresPage />,
  history: () => <HistoryPage />,
  integrity: () => <IntegrityPage />,
  usage: () => <UsagePage />,
  accounts: () => <AccountsPage />,
};

export function OfficeApp() {
  const { t } = useTranslation();
  const { session, ended } = useStaff();
  return (
    <OfficeLayout session={session}>
      {ended && !session && (
        <Notice tone="warning" title={t(`office.signIn.${ended}Title`)}>
          <p className="mb-0">{t(`office.signIn.${ended}`)}</p>
        </Notice>
      )}
      <Routes>
        <Route index element={session ? <Navigate to={homeOf(session)} replace /> : <StaffSignInPage />} />
        {(Object.keys(SCREENS) as Screen[]).map((screen) => (
          <Route
            key={screen}
            path={`${screen}/*`}
            element={
              <Guard screen={screen} session={session}>
                {PAGES[screen]()}
              </Guard>
            }
          />
        ))}
        <Route
          path="password"
          element={<Guard session={session}>{session && <OwnPasswordPage session={session} />}</Guard>}
        />
        <Route
          path="*"
          element={
            session ? (
              <>
                <PageHeading>{t('office.forbidden.title')}</PageHeading>
                <p>{t('office.forbidden.text')}</p>
              </>
            ) : (
              <Navigate to="/office" replace />
            )
          }
        />
      </Routes>
    </OfficeLayout>
  );
}
