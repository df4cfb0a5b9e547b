// Every page: a skip link, the header with the service name, the language choice and
// sign-out, the page itself, and a footer with the office's hours and phone.
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { rememberNext, signOut } from '../api/session';
import { getOffice, type Office } from '../api/views';
import { currentLanguage } from '../i18n';
import { LANGUAGES, htmlLang, type Language } from '../i18n/catalog';
import { chooseLanguage } from '../lib/preferences';
import { OfficeContext } from '../lib/use-office';
import { useSession } from '../lib/use-session';
import { PhoneLink } from './ui';

function LanguageSwitcher() {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <nav aria-label={t('layout.language')}>
      <ul className="m-0 flex list-none flex-wrap gap-1 p-0 sm:gap-2">
        {LANGUAGES.map((code: Language) => (
          <li key={code}>
            <button
              type="button"
              lang={htmlLang(code)}
              aria-current={code === language ? 'true' : undefined}
              onClick={() => void chooseLanguage(code)}
              className={
                // Narrower below `sm`, so the three choices stay on one row on a 360 px phone.
                code === language
                  ? 'min-h-11 rounded-6 border border-blue-900 bg-blue-900 px-2 text-dns-14B-130 text-white sm:px-3 sm:text-std-16B-170'
                  : 'min-h-11 cursor-pointer rounded-6 border border-solid-gray-420 bg-white px-2 text-dns-14N-130 text-blue-1000 underline hover:bg-blue-50 sm:px-3 sm:text-std-16N-170'
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

function ExpiredDialog({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <ModalOverlay
      isOpen={isOpen}
      onOpenChange={(open) => !open && onClose()}
      isDismissable
      className="fixed inset-0 z-50 grid place-items-center bg-opacity-gray-500 p-4"
    >
      <Modal className="w-full max-w-lg rounded-12 bg-white p-6 shadow-3">
        <Dialog role="alertdialog" className="outline-none">
          <Heading slot="title" className="mt-0 text-std-22B-150">
            {t('signIn.expiredTitle')}
          </Heading>
          <p>{t('signIn.expired')}</p>
          <div className="flex flex-wrap gap-3">
            <Button
              className="btn btn-primary"
              onPress={() => {
                rememberNext(location.pathname);
                onClose();
                navigate('/sign-in');
              }}
            >
              {t('signIn.signInAgain')}
            </Button>
            <Button className="btn btn-secondary" onPress={onClose}>
              {t('signIn.close')}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [office, setOffice] = useState<Office | undefined>();
  // R71: the seeker's own office once signed in, so it is read again when the session changes.
  useEffect(() => {
    void getOffice().then(setOffice);
  }, [session.signedIn]);
  return (
    <OfficeContext.Provider value={office}>
      <a
        href="#main"
        className="absolute left-2 top-[-100px] z-50 rounded-6 bg-yellow-300 px-4 py-2 font-bold text-black focus:top-2"
      >
        {t('layout.skip')}
      </a>
      <header className="border-b border-solid-gray-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <p className="m-0">
            <Link to="/" className="text-std-18B-160 text-solid-gray-900 no-underline visited:text-solid-gray-900">
              <span className="block text-dns-14N-130 text-solid-gray-700">{office?.name ?? t('meta.office')}</span>
              {t('meta.service')}
            </Link>
          </p>
          <LanguageSwitcher />
        </div>
        {session.signedIn && (
          <div className="border-t border-solid-gray-100 bg-solid-gray-50">
            <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-4 px-4 py-2">
              <span className="text-dns-14N-130 text-solid-gray-700">{t('layout.signedIn')}</span>
              <Link to="/reservations">{t('layout.myReservations')}</Link>
              <button
                type="button"
                className="btn-link ml-auto"
                onClick={() => {
                  signOut();
                  navigate('/');
                }}
              >
                {t('layout.signOut')}
              </button>
            </div>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-3xl px-4 pb-16 pt-8 outline-none">
        {children}
      </main>
      <footer className="border-t border-solid-gray-200 bg-solid-gray-50">
        <div className="mx-auto max-w-5xl px-4 py-6 text-dns-16N-130">
          <p className="mb-1 font-bold">{office?.name ?? t('meta.office')}</p>
          {office && (
            <>
              <p className="mb-1">{t('layout.footerHours', { open: office.hours.open, close: office.hours.close })}</p>
              <p className="mb-0">
                {t('layout.footerPhone', { phone: '' })}
                <PhoneLink phone={office.phone} />
              </p>
            </>
          )}
          <p className="mb-0 mt-3">
            <Link to="/terms">{t('start.termsLink')}</Link>
          </p>
        </div>
      </footer>
      <ExpiredDialog isOpen={session.expired} onClose={session.dismissExpired} />
    </OfficeContext.Provider>
  );
}
